using HeapLedger.Fleet.Storage;
using HeapLedger.Fleet.Storage.Postgres;
using HeapLedger.Fleet.Tests.Support;
using HeapLedger.Tests.Shared;
using Npgsql;

namespace HeapLedger.Fleet.Tests;

/// <summary>What is particular to the PostgreSQL store: several services on one database, and the cursor's bound.</summary>
[Collection(PostgresCluster.Collection)]
public sealed class PostgresStoreTests(PostgresCluster cluster)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ServicesStartingAtOnceOnAnEmptyDatabaseMigrateItOnce()
    {
        var database = cluster.CreateDatabase();
        try
        {
            var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresFleetStore.OpenAsync(database, TimeProvider.System))));
            Assert.All(stores, s => Assert.Equal(PostgresMigrator.Scripts[^1].Version, s.SchemaVersion));
            Assert.Equal((long)PostgresMigrator.Scripts.Count, cluster.Scalar(database, "SELECT COUNT(*) FROM schema_version"));
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
        finally
        {
            cluster.DropDatabase(database);
        }
    }

    [Fact]
    public async Task ATransactionStillOpenHoldsTheCursorBackUntilItEnds()
    {
        await using var under = await StoreUnderTest.CreateAsync(StoreUnderTest.Postgres, cluster);
        await under.AddDevicesAsync("early", "late");
        await under.Store.AppendAsync([Beat.Of("early", 1)], None);

        // Another writer has begun (it has a transaction id) and not committed: whatever commits
        // after it may carry a larger id than what it will write, so the reader stops before it.
        await using var other = new NpgsqlConnection(under.Location.Target);
        await other.OpenAsync();
        await using var open = await other.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_current_xact_id()", other, open))
        {
            await take.ExecuteScalarAsync();
        }

        await under.Store.AppendAsync([Beat.Of("late", 1)], None);
        var before = await under.Store.DevicesReportedAfterAsync(JobCursor.Start, 10, None);
        Assert.Equal(["early"], before.Select(d => d.Device));
        Assert.Empty(await under.Store.DevicesReportedAfterAsync(before[^1].Cursor, 10, None));

        await open.CommitAsync();
        Assert.Equal(["late"], (await under.Store.DevicesReportedAfterAsync(before[^1].Cursor, 10, None)).Select(d => d.Device));
    }

    [Fact]
    public async Task EveryConnectionCommitsSynchronouslyWhateverTheDatabaseSays()
    {
        await using var under = await StoreUnderTest.CreateAsync(StoreUnderTest.Postgres, cluster);
        var name = new NpgsqlConnectionStringBuilder(under.Location.Target).Database;
        cluster.Scalar(under.Location.Target, $"ALTER DATABASE {name} SET synchronous_commit = off");
        Assert.Equal("off", cluster.Scalar(under.Location.Target, "SHOW synchronous_commit"));
        await under.ReopenAsync();
        await using var connection = await ((PostgresFleetStore)under.Store).OpenConnectionAsync(None);
        await using var show = new NpgsqlCommand("SHOW synchronous_commit", connection);
        Assert.Equal("on", await show.ExecuteScalarAsync());
    }
}
