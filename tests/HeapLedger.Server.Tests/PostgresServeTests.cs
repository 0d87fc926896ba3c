using System.Diagnostics;
using System.Globalization;
using System.Net;
using HeapLedger.Detection.Evaluation;
using HeapLedger.Fleet.Judging;
using HeapLedger.Server.Tests.Support;
using HeapLedger.Tests.Shared;

namespace HeapLedger.Server.Tests;

/// <summary>The service over PostgreSQL once end to end: a device registered by the real CLI, batches posted, the job run, the list read.</summary>
[Collection(PostgresCluster.Collection)]
public sealed class PostgresServeTests(PostgresCluster cluster)
{
    [Fact]
    public async Task TheServiceIngestsJudgesAndListsOverPostgres()
    {
        var database = cluster.CreateDatabase();
        var store = $"postgres:{database}";
        try
        {
            var token = AddDeviceWithTheCli("gw-0001", store);
            await using var server = await TestServer.StartAsync(("Store", store));
            var fleet = new FleetGenerator(new FleetOptions(Devices: 8, Days: 30, LeakingShare: 0.5, Seed: 3)).Generate().ToList();
            await server.AddDevicesAsync([.. fleet.Select(d => d.Series.Device)]);
            var hub = await server.AddHubAsync("gateway");
            var beats = fleet.SelectMany(d => d.Series.Points.Select((p, i) => string.Create(CultureInfo.InvariantCulture,
                $"{{\"device\":\"{d.Series.Device}\",\"seq\":{i},\"time\":{p.Time.ToUnixTimeSeconds()},\"free\":{p.Free},\"heap_size\":{p.HeapSize},\"attributes\":{{\"firmware\":\"1.4.{i % 2}\"}}}}"))).ToList();
            foreach (var batch in beats.Chunk(100))
            {
                var response = await server.PostAsync(hub, $"[{string.Join(',', batch)}]");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.All(Json.Statuses(await Json.ReadAsync(response)), s => Assert.Equal("accepted", s));
            }

            var own = await server.PostAsync(token, $"{Json.Heartbeat(null, 1)}\n{Json.Heartbeat(null, 1)}\n", "application/x-ndjson");
            Assert.Equal(["accepted", "duplicate"], Json.Statuses(await Json.ReadAsync(own)));
            Assert.Equal(beats.Count + 1, await server.Store.CountHeartbeatsAsync(CancellationToken.None));

            var health = await Json.ReadAsync(await server.Client.GetAsync("/api/v1/health"));
            Assert.Equal("postgres", health.GetProperty("store").GetString());
            var run = await server.Service<DetectionJob>().RunOnceAsync(CancellationToken.None);
            Assert.Equal(9, run.Judged);
            Assert.True(run.Leaking > 0);
            var atRisk = await Json.ReadAsync(await server.Client.GetAsync("/api/v1/devices?atRisk=true"));
            Assert.Equal(run.Leaking, atRisk.GetProperty("total").GetInt32());
            var listed = atRisk.GetProperty("devices").EnumerateArray().ToList();
            var exhaustion = listed.Select(d => d.GetProperty("exhaustionAt").GetString()!).ToList();
            Assert.Equal(exhaustion.Order(StringComparer.Ordinal), exhaustion);
            Assert.Equal("1.4.1", listed[0].GetProperty("attributes").GetProperty("firmware").GetString()); // the newest heartbeat's (seq 719 is odd)
        }
        finally
        {
            cluster.DropDatabase(database);
        }
    }

    private static string AddDeviceWithTheCli(string id, string store)
    {
        var start = new ProcessStartInfo(CliPaths.DotnetHost) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { CliPaths.Dll, "devices", "add", id, "--store", store })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"devices add exited {process.ExitCode}: {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Equal(43, lines[0].Length);
        return lines[0];
    }
}
