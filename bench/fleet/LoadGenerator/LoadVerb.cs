using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace HeapLedger.Bench.Fleet;

/// <summary>
/// Posts batches of heartbeats as a hub would, from C concurrent clients for S seconds. Client c
/// owns the devices d with d % C == c and walks through them, 'batch' devices per request, each
/// device's seq counting up. Reports heartbeats/s, request latency percentiles and the checksum
/// of what was acknowledged; writes both to the result file for verify.
/// </summary>
internal static class LoadVerb
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var url = new Uri(options.Text("url"));
        var token = options.Text("token");
        var devices = options.Number("devices", 10_000);
        var seconds = options.Number("seconds", 60);
        var batch = options.Number("batch", 100);
        var clients = options.Number("clients", 32);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(120) };

        var latencies = new List<double>[clients];
        var acknowledged = new List<(int Device, long Seq)>[clients];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = Enumerable.Range(0, devices).Where(d => d % clients == c).ToArray();
            var seqs = new long[mine.Length];
            var next = 0;
            var body = new StringBuilder();
            latencies[c] = [];
            acknowledged[c] = [];
            while (clock.Elapsed < deadline)
            {
                var sent = new (int Device, long Seq)[batch];
                body.Clear().Append('[');
                for (var k = 0; k < batch; k++)
                {
                    var slot = next++ % mine.Length;
                    sent[k] = (mine[slot], seqs[slot]++);
                    if (k > 0)
                    {
                        body.Append(',');
                    }

                    Heartbeats.AppendJson(body, sent[k].Device, sent[k].Seq);
                }

                body.Append(']');
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/heartbeats") { Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = clock.Elapsed;
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                latencies[c].Add((clock.Elapsed - started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK || Accepted(text) != batch)
                {
                    Interlocked.Increment(ref failures);
                    Console.Error.WriteLine($"client {c}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
                    continue;
                }

                acknowledged[c].AddRange(sent);
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;

        var count = 0L;
        var sum = 0UL;
        foreach (var (device, seq) in acknowledged.SelectMany(a => a))
        {
            sum += Heartbeats.Hash(Heartbeats.Device(device), seq, Heartbeats.Free(device, seq));
            count++;
        }

        var sorted = latencies.SelectMany(l => l).Order().ToArray();
        var result = string.Create(CultureInfo.InvariantCulture,
            $"heartbeats {count} seconds {elapsed:F1} rate {count / elapsed:F0} requests {sorted.Length} failures {failures} p50_ms {sorted[sorted.Length / 2]:F1} p99_ms {sorted[(int)(sorted.Length * 0.99)]:F1} checksum {sum:x16}");
        Console.WriteLine(result);
        await File.WriteAllTextAsync(options.Text("result"), result + "\n");
        if (options.Optional("csv") is { } csv)
        {
            await using var writer = new StreamWriter(csv);
            foreach (var (device, seq) in acknowledged.SelectMany(a => a))
            {
                await writer.WriteLineAsync(Heartbeats.CsvRow(device, seq));
            }
        }

        return failures == 0 ? 0 : 1;
    }

    private static int Accepted(string reply)
    {
        using var document = JsonDocument.Parse(reply);
        return document.RootElement.GetProperty("accepted").GetInt32();
    }
}
