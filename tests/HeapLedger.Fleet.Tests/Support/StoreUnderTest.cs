using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;
using HeapLedger.Fleet.Storage.Postgres;
using HeapLedger.Fleet.Storage.Sqlite;
using HeapLedger.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace HeapLedger.Fleet.Tests.Support;

/// <summary>
/// A fresh, empty store of either kind for the contract tests: a SQLite file in a temporary
/// directory, or a database of its own in the test run's PostgreSQL cluster. Both are deleted afterwards.
/// </summary>
public sealed class StoreUnderTest : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private readonly PostgresCluster _cluster;
    private readonly string? _directory;

    private StoreUnderTest(string kind, PostgresCluster cluster, string? directory, StoreLocation location, IFleetStore store)
    {
        Kind = kind;
        _cluster = cluster;
        _directory = directory;
        Location = location;
        Store = store;
    }

    public static TheoryData<string> Kinds { get; } = new(Sqlite, Postgres);

    public string Kind { get; }

    public StoreLocation Location { get; }

    public IFleetStore Store { get; private set; }

    /// <summary>The newest migration this build knows for the store's kind.</summary>
    public int NewestSchemaVersion => (Kind == Sqlite ? SqliteMigrator.Scripts : PostgresMigrator.Scripts)[^1].Version;

    public static async Task<StoreUnderTest> CreateAsync(string kind, PostgresCluster cluster, TimeProvider? clock = null)
    {
        string? directory = null;
        StoreLocation location;
        if (kind == Sqlite)
        {
            directory = Path.Combine(Path.GetTempPath(), "heapledger-fleet-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            location = new StoreLocation(StoreKind.Sqlite, Path.Combine(directory, "fleet.db"));
        }
        else
        {
            location = new StoreLocation(StoreKind.Postgres, cluster.CreateDatabase());
        }

        return new StoreUnderTest(kind, cluster, directory, location, await FleetStores.OpenAsync(location, clock ?? TimeProvider.System));
    }

    /// <summary>Another store object over the same file or database, as a second service would open.</summary>
    public Task<IFleetStore> OpenAnotherAsync() => FleetStores.OpenAsync(Location, TimeProvider.System);

    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await FleetStores.OpenAsync(Location, TimeProvider.System);
    }

    /// <summary>Registers devices and returns their tokens.</summary>
    public async Task<string[]> AddDevicesAsync(params string[] ids)
    {
        var tokens = ids.Select(_ => Tokens.New()).ToArray();
        await Store.AddDevicesAsync([.. ids.Select((id, i) => new DeviceRegistration(id, Tokens.Hash(tokens[i])))], CancellationToken.None);
        return tokens;
    }

    /// <summary>One value by plain SQL on a connection of the test's own; integers come back as long in both stores.</summary>
    public object? Scalar(string sql)
    {
        if (Kind == Postgres)
        {
            return _cluster.Scalar(Location.Target, sql) switch
            {
                int i => (long)i,
                var other => other,
            };
        }

        using var connection = new SqliteConnection($"Data Source={Location.Target};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        if (_directory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temp directory is not a test failure
            }
        }
        else
        {
            _cluster.DropDatabase(Location.Target);
        }
    }
}
