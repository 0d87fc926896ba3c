using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;
using HeapLedger.Server.Tests.Support;
using HeapLedger.Tests.Shared;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace HeapLedger.Server.Tests;

/// <summary>
/// The real <c>heapledger serve</c>, killed with SIGKILL while devices post: after a restart on the
/// same store every acknowledged heartbeat is there, and retrying the unacknowledged ones (same
/// device and seq) stores each exactly once. Over SQLite (a file) and over PostgreSQL (the
/// service is killed, the database server is not).
/// </summary>
[Collection(PostgresCluster.Collection)]
public sealed class CrashTests(ITestOutputHelper output, PostgresCluster cluster)
{
    private const int Devices = 16;
    private const int BatchSize = 5;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AcknowledgedHeartbeatsSurviveSigkillAndRetriesMakeNoDuplicates(string kind)
    {
        var directory = TempDirectory.Create("heapledger-crash");
        var database = kind == "sqlite"
            ? new StoreLocation(StoreKind.Sqlite, Path.Combine(directory, "fleet.db"))
            : new StoreLocation(StoreKind.Postgres, cluster.CreateDatabase());
        try
        {
            var ids = Enumerable.Range(0, Devices).Select(i => $"crash-{i:D2}").ToArray();
            var tokens = ids.Select(_ => Tokens.New()).ToArray();
            await using (var fleet = await FleetStores.OpenAsync(database, TimeProvider.System))
            {
                await fleet.AddDevicesAsync([.. ids.Select((id, i) => new DeviceRegistration(id, Tokens.Hash(tokens[i])))], CancellationToken.None);
            }

            SqliteConnection.ClearAllPools();
            var acknowledged = new ConcurrentBag<(string Device, long Seq, long Free)>();
            var unacknowledged = new ConcurrentBag<(int Device, long[] Seqs)>();
            TimeSpan killedAfter;
            using (var first = await ServeProcess.StartAsync(database, directory))
            {
                using var client = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                var clock = Stopwatch.StartNew();
                var clients = ids.Select((id, d) => Task.Run(async () =>
                {
                    for (var seq = 1L; ; seq += BatchSize)
                    {
                        var seqs = Enumerable.Range(0, BatchSize).Select(k => seq + k).ToArray();
                        try
                        {
                            using var response = await TestServer.Post(client, tokens[d], Batch(id, seqs));
                            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                            Assert.All(Json.Statuses(await Json.ReadAsync(response)), status => Assert.Equal("accepted", status));
                            foreach (var s in seqs)
                            {
                                acknowledged.Add((id, s, Free(s)));
                            }
                        }
                        catch (HttpRequestException)
                        {
                            unacknowledged.Add((d, seqs)); // sent or not, stored or not: the client cannot know
                            return;
                        }
                    }
                })).ToArray();

                // Kill mid-stream: once plenty is acknowledged, with every client's next request on its way.
                while (acknowledged.Count < 3000 && clock.Elapsed < TimeSpan.FromSeconds(20))
                {
                    await Task.Delay(20);
                }

                first.Kill();
                killedAfter = clock.Elapsed;
                await Task.WhenAll(clients);
            }

            var restart = Stopwatch.StartNew();
            using var second = await ServeProcess.StartAsync(database, directory);
            var restartTime = restart.Elapsed;
            var afterCrash = StoredHeartbeats.Keys(database);
            var lost = acknowledged.Count(a => !afterCrash.Contains((a.Device, a.Seq)));
            var inFlight = unacknowledged.SelectMany(u => u.Seqs.Select(s => (ids[u.Device], s))).ToList();
            var committedUnacknowledged = inFlight.Count(afterCrash.Contains);

            using var retry = new HttpClient { BaseAddress = second.BaseAddress };
            var duplicates = 0;
            foreach (var (device, seqs) in unacknowledged)
            {
                using var response = await TestServer.Post(retry, tokens[device], Batch(ids[device], seqs));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                duplicates += Json.Statuses(await Json.ReadAsync(response)).Count(s => s == "duplicate");
            }

            var expected = new Checksum();
            foreach (var (device, seq, free) in acknowledged.Concat(unacknowledged.SelectMany(u => u.Seqs.Select(s => (ids[u.Device], s, Free(s))))))
            {
                expected.Add(device, seq, free);
            }

            var stored = StoredHeartbeats.Read(database);
            output.WriteLine($"crash ({kind}): SIGKILL after {killedAfter.TotalSeconds:F1} s with {acknowledged.Count} heartbeats acknowledged ({acknowledged.Count / killedAfter.TotalSeconds:F0}/s) " +
                $"and {inFlight.Count} unacknowledged in {unacknowledged.Count} requests; after the restart ({restartTime.TotalSeconds:F1} s) {lost} acknowledged were missing, " +
                $"{committedUnacknowledged} unacknowledged were already stored; the retry stored {inFlight.Count - duplicates} and answered {duplicates} duplicate");
            output.WriteLine($"expected: {expected}; store holds: {stored}");
            Assert.Equal(0, lost);
            Assert.Equal(Devices, unacknowledged.Count);
            Assert.Equal(committedUnacknowledged, duplicates);
            Assert.Equal(expected.Count, stored.Count);
            Assert.Equal(expected.Sum, stored.Sum);
            Assert.Equal(stored.Count, StoredHeartbeats.Keys(database).Count);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempDirectory.Delete(directory);
            if (database.Kind == StoreKind.Postgres)
            {
                cluster.DropDatabase(database.Target);
            }
        }
    }

    private static string Batch(string device, long[] seqs) => $"[{string.Join(',', seqs.Select(s => Json.Heartbeat(device, s, Free(s))))}]";

    private static long Free(long seq) => 20_000 + (seq * 7919 % 30_000);
}
