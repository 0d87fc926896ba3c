using System.Data.Common;
using HeapLedger.Fleet.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HeapLedger.Server.Tests.Support;

/// <summary>What a store holds, read with a connection of the test's own (SQLite's WAL, like PostgreSQL, lets it read beside a running service).</summary>
public static class StoredHeartbeats
{
    public static Checksum Read(string databasePath) => Read(new StoreLocation(StoreKind.Sqlite, databasePath));

    public static HashSet<(string Device, long Seq)> Keys(string databasePath) => Keys(new StoreLocation(StoreKind.Sqlite, databasePath));

    public static Checksum Read(StoreLocation store)
    {
        var checksum = new Checksum();
        ForEach(store, "SELECT device, seq, free FROM heartbeats", row => checksum.Add(row.GetString(0), row.GetInt64(1), row.GetInt64(2)));
        return checksum;
    }

    public static HashSet<(string Device, long Seq)> Keys(StoreLocation store)
    {
        var keys = new HashSet<(string, long)>();
        ForEach(store, "SELECT device, seq FROM heartbeats", row => Assert.True(keys.Add((row.GetString(0), row.GetInt64(1))), "a heartbeat is stored twice"));
        return keys;
    }

    private static void ForEach(StoreLocation store, string sql, Action<DbDataReader> each)
    {
        using DbConnection connection = store.Kind == StoreKind.Sqlite
            ? new SqliteConnection($"Data Source={store.Target};Mode=ReadOnly;Pooling=False")
            : new NpgsqlConnection(store.Target + ";Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var row = command.ExecuteReader();
        while (row.Read())
        {
            each(row);
        }
    }
}
