using System.Data.Common;
using System.Globalization;
using HeapLedger.Fleet.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HeapLedger.Bench.Fleet;

/// <summary>Reads every heartbeat back from the store with a plain connection: the count and checksum must equal what the load acknowledged, and no (device, seq) may be there twice.</summary>
internal static class VerifyVerb
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var store = StoreLocation.Parse(options.Text("store"));
        var fields = (await File.ReadAllTextAsync(options.Text("result"))).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var expectedCount = long.Parse(fields[Array.IndexOf(fields, "heartbeats") + 1], CultureInfo.InvariantCulture);
        var expectedSum = fields[Array.IndexOf(fields, "checksum") + 1];

        await using DbConnection connection = store.Kind == StoreKind.Sqlite
            ? new SqliteConnection($"Data Source={store.Target};Mode=ReadOnly")
            : new NpgsqlConnection(store.Target);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT device, seq, free FROM heartbeats";
        var count = 0L;
        var sum = 0UL;
        await using (var row = await command.ExecuteReaderAsync())
        {
            while (await row.ReadAsync())
            {
                sum += Heartbeats.Hash(row.GetString(0), row.GetInt64(1), row.GetInt64(2));
                count++;
            }
        }

        command.CommandText = "SELECT COUNT(*) FROM (SELECT DISTINCT device, seq FROM heartbeats) k";
        var distinct = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        var ok = count == expectedCount && $"{sum:x16}" == expectedSum && distinct == count;
        Console.WriteLine($"verify: acknowledged {expectedCount} checksum {expectedSum}; store holds {count} ({distinct} distinct) checksum {sum:x16}: {(ok ? "nothing lost, nothing twice" : "MISMATCH")}");
        return ok ? 0 : 1;
    }
}
