using Microsoft.Data.Sqlite;

namespace HeapLedger.Server.Tests.Support;

/// <summary>What a store file holds, read with a connection of the test's own (WAL lets it read beside a running service).</summary>
public static class StoredHeartbeats
{
    public static Checksum Read(string databasePath)
    {
        var checksum = new Checksum();
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT device, seq, free FROM heartbeats";
        using var row = command.ExecuteReader();
        while (row.Read())
        {
            checksum.Add(row.GetString(0), row.GetInt64(1), row.GetInt64(2));
        }

        return checksum;
    }

    public static HashSet<(string Device, long Seq)> Keys(string databasePath)
    {
        var keys = new HashSet<(string, long)>();
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT device, seq FROM heartbeats";
        using var row = command.ExecuteReader();
        while (row.Read())
        {
            Assert.True(keys.Add((row.GetString(0), row.GetInt64(1))), "a heartbeat is stored twice");
        }

        return keys;
    }
}
