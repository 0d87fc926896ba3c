using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;
using HeapLedger.Fleet.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace HeapLedger.Fleet.Tests.Support;

/// <summary>A SQLite store in a fresh temporary directory, deleted afterwards.</summary>
public sealed class TempStore : IAsyncDisposable
{
    private TempStore(string directory, SqliteFleetStore store)
    {
        Directory = directory;
        Store = store;
    }

    public string Directory { get; }

    public string Path => System.IO.Path.Combine(Directory, "fleet.db");

    public SqliteFleetStore Store { get; private set; }

    public static async Task<TempStore> CreateAsync(TimeProvider? clock = null)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "heapledger-fleet-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var store = await SqliteFleetStore.OpenAsync(System.IO.Path.Combine(directory, "fleet.db"), clock ?? TimeProvider.System);
        return new TempStore(directory, store);
    }

    /// <summary>Registers devices and returns their tokens.</summary>
    public async Task<string[]> AddDevicesAsync(params string[] ids)
    {
        var tokens = ids.Select(_ => Tokens.New()).ToArray();
        await Store.AddDevicesAsync([.. ids.Select((id, i) => new DeviceRegistration(id, Tokens.Hash(tokens[i])))], CancellationToken.None);
        return tokens;
    }

    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await SqliteFleetStore.OpenAsync(Path, TimeProvider.System);
    }

    /// <summary>A plain connection for checking what is on disk.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory is not a test failure
        }
    }
}
