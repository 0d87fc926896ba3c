using System.Globalization;
using HeapLedger.Core;
using Microsoft.Data.Sqlite;

namespace HeapLedger.Fleet.Storage.Sqlite;

/// <summary>
/// Brings a store's schema to the newest version: the scripts embedded from
/// Storage/Schema/Sqlite, named <c>NNNN-what.sql</c>, applied in order of NNNN, each in its own
/// transaction together with its row in <c>schema_version</c>. A store newer than this build is
/// refused rather than written to.
/// </summary>
internal static class SqliteMigrator
{
    public static IReadOnlyList<SchemaScript> Scripts { get; } = SchemaScripts.Load("Sqlite");

    public static int Migrate(SqliteConnection connection, TimeProvider clock, string where)
    {
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER PRIMARY KEY,
                name        TEXT NOT NULL,
                applied_at  BIGINT NOT NULL
            )
            """);
        var current = Current(connection);
        var newest = Scripts.Count == 0 ? 0 : Scripts[^1].Version;
        if (current > newest)
        {
            throw new HeapLedgerException($"{where}: the store's schema is version {current}, newer than this heapledger knows ({newest}); use a newer heapledger");
        }

        foreach (var (version, name, sql) in Scripts.Where(s => s.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES ($version, $name, $at)";
            record.Parameters.AddWithValue("$version", version);
            record.Parameters.AddWithValue("$name", name);
            record.Parameters.AddWithValue("$at", clock.GetUtcNow().ToUnixTimeMilliseconds());
            record.ExecuteNonQuery();
            transaction.Commit();
            current = version;
        }

        return current;
    }

    private static int Current(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
