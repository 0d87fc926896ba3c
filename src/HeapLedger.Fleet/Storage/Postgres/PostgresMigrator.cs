using HeapLedger.Core;
using Npgsql;

namespace HeapLedger.Fleet.Storage.Postgres;

/// <summary>
/// Brings a database's schema to the newest version, as <c>SqliteMigrator</c> does for a file:
/// the scripts of Storage/Schema/Postgres in order, each in its own transaction with its row in
/// <c>schema_version</c> (DDL is transactional in PostgreSQL, so a failed script leaves nothing
/// behind). Several services starting at once on an empty database take turns on an advisory
/// lock, so each script runs once. A database newer than this build is refused.
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>The advisory lock's key: "HeapLedgr" in ASCII, so that another application's locks are unlikely to collide.</summary>
    private const long LockKey = 0x4865_6170_4C65_6467;

    public static IReadOnlyList<SchemaScript> Scripts { get; } = SchemaScripts.Load("Postgres");

    public static async Task<int> MigrateAsync(NpgsqlConnection connection, TimeProvider clock, string where, CancellationToken cancel)
    {
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancel).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version     INTEGER PRIMARY KEY,
                    name        TEXT NOT NULL,
                    applied_at  BIGINT NOT NULL
                )
                """, cancel).ConfigureAwait(false);
            await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection))
            {
                var current = (int)(await read.ExecuteScalarAsync(cancel).ConfigureAwait(false))!;
                var newest = Scripts.Count == 0 ? 0 : Scripts[^1].Version;
                if (current > newest)
                {
                    throw new HeapLedgerException($"{where}: the store's schema is version {current}, newer than this heapledger knows ({newest}); use a newer heapledger");
                }

                foreach (var script in Scripts.Where(s => s.Version > current))
                {
                    await using var transaction = await connection.BeginTransactionAsync(cancel).ConfigureAwait(false);
                    await ExecuteAsync(connection, script.Sql, cancel).ConfigureAwait(false);
                    await using var record = new NpgsqlCommand("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)", connection);
                    record.Parameters.Add(new NpgsqlParameter { Value = script.Version });
                    record.Parameters.Add(new NpgsqlParameter { Value = script.Name });
                    record.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow().ToUnixTimeMilliseconds() });
                    await record.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
                    await transaction.CommitAsync(cancel).ConfigureAwait(false);
                    current = script.Version;
                }

                return current;
            }
        }
        finally
        {
            // A broken connection has lost the lock with its session; unlocking it would only hide the error.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancel)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
    }
}
