using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HeapLedger.Server.Tests.Support;
using Xunit.Abstractions;

namespace HeapLedger.Server.Tests;

/// <summary>
/// A thousand devices, each with its own token and its own connection, post heartbeats over
/// loopback as fast as the service answers, for a bounded time (HEAPLEDGER_LOAD_SECONDS, 10 by
/// default). Afterwards every acknowledged heartbeat must be in the store, once: same count, same
/// checksum over (device, seq, free).
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Devices = 1000;

    [Fact]
    public async Task EveryAcknowledgedHeartbeatOfAThousandConcurrentDevicesIsStoredOnce()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("HEAPLEDGER_LOAD_SECONDS"), out var s) && s is > 0 and <= 600 ? s : 10;
        await using var server = await TestServer.StartAsync();
        var ids = Enumerable.Range(0, Devices).Select(i => $"load-{i:D4}").ToArray();
        var tokens = await server.AddDevicesAsync(ids);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Devices, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        var acknowledged = new ConcurrentBag<(string Device, long Seq, long Free)>();
        var latencies = new ConcurrentBag<double>();
        var duplicatesExpected = 0;
        var duplicatesSeen = 0;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(ids.Select((id, d) => Task.Run(async () =>
        {
            var seq = 0L;
            var post = 0;
            while (clock.Elapsed < deadline)
            {
                post++;
                // Most posts carry one heartbeat; every tenth a batch of three (a device that
                // caught up); every 25th re-sends its last one, as a device whose acknowledgement
                // was lost would.
                var batch = post % 25 == 0 && seq > 0 ? [(seq, Free(d, seq))]
                    : post % 10 == 0 ? new[] { (++seq, Free(d, seq)), (++seq, Free(d, seq)), (++seq, Free(d, seq)) }
                    : [(++seq, Free(d, seq))];
                var body = batch.Length == 1 ? Json.Heartbeat(id, batch[0].Item1, batch[0].Item2) : $"[{string.Join(',', batch.Select(b => Json.Heartbeat(id, b.Item1, b.Item2)))}]";
                var started = clock.Elapsed;
                using var response = await TestServer.Post(client, tokens[d], body);
                latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                var statuses = Json.Statuses(await Json.ReadAsync(response));
                if (post % 25 == 0 && batch.Length == 1 && seq > 0)
                {
                    Interlocked.Increment(ref duplicatesExpected);
                    Interlocked.Add(ref duplicatesSeen, statuses[0] == "duplicate" ? 1 : 0);
                    continue;
                }

                for (var i = 0; i < batch.Length; i++)
                {
                    Assert.Equal("accepted", statuses[i]);
                    acknowledged.Add((id, batch[i].Item1, batch[i].Item2));
                }
            }
        }))).ConfigureAwait(true);
        var elapsed = clock.Elapsed;

        var sent = new Checksum();
        foreach (var (device, seq, free) in acknowledged)
        {
            sent.Add(device, seq, free);
        }

        var stored = StoredHeartbeats.Read(server.DatabasePath);
        var sorted = latencies.Order().ToArray();
        output.WriteLine($"load: {Devices} devices for {elapsed.TotalSeconds:F1} s: {sorted.Length} requests ({sorted.Length / elapsed.TotalSeconds:F0}/s), " +
            $"{acknowledged.Count} heartbeats acknowledged ({acknowledged.Count / elapsed.TotalSeconds:F0}/s), {duplicatesSeen} of {duplicatesExpected} re-sends answered duplicate, {failures} failed requests; " +
            $"latency p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F1} ms");
        output.WriteLine($"client acknowledged: {sent}; store holds: {stored}");
        Assert.Equal(0, failures);
        Assert.Equal(duplicatesExpected, duplicatesSeen);
        Assert.Equal(sent.Count, stored.Count);
        Assert.Equal(sent.Sum, stored.Sum);
        Assert.Equal(stored.Count, StoredHeartbeats.Keys(server.DatabasePath).Count);
        Assert.True(acknowledged.Count >= Devices, $"only {acknowledged.Count} heartbeats in {seconds} s");
    }

    private static long Free(int device, long seq) => 30_000 + ((device * 7919 + seq * 104_729) % 20_000);
}
