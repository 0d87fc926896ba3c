using System.Diagnostics;
using System.Net;
using HeapLedger.Core;
using HeapLedger.Fleet.Judging;
using HeapLedger.Server.Tests.Support;
using HeapLedger.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace HeapLedger.Server.Tests;

[Collection(PostgresCluster.Collection)]
public sealed class AlertsAndPivotTests(PostgresCluster cluster, ITestOutputHelper output)
{
    private const int Devices = 60;
    private const int Days = 20;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AFleetWhoseFirmware23OnWeakCoverageLeaksIsListedExplainedAndAlertedOncePerDevice(string store)
    {
        var database = store == "postgres" ? cluster.CreateDatabase() : null;
        try
        {
            await ListExplainAndAlertAsync(database is null ? [] : [("Store", $"postgres:{database}")]);
        }
        finally
        {
            if (database is not null)
            {
                cluster.DropDatabase(database);
            }
        }
    }

    private async Task ListExplainAndAlertAsync((string Key, string Value)[] storeSettings)
    {
        var watch = Stopwatch.StartNew();
        await using var webhook = await WebhookSink.StartAsync();
        await using var server = await TestServer.StartAsync(
        [
            .. storeSettings,
            ("Alerts:Rules:0:name", "exhaustion-30d"),
            ("Alerts:Rules:0:webhook", webhook.Url.ToString()),
            ("Alerts:Rules:0:withinDays", "30"),
        ]);
        await server.AddDevicesAsync([.. Enumerable.Range(0, Devices).Select(LedgerFleet.Device)]);
        var hub = await server.AddHubAsync("gateway");
        foreach (var batch in Enumerable.Range(0, Devices).SelectMany(i => LedgerFleet.Lines(i, Days)).Chunk(1000))
        {
            var posted = await server.PostAsync(hub, string.Join('\n', batch), "application/x-ndjson");
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        var ingested = watch.Elapsed;
        var leaking = Enumerable.Range(0, Devices).Where(LedgerFleet.Leaks).Select(LedgerFleet.Device).ToHashSet();
        var run = await server.Service<DetectionJob>().RunOnceAsync(CancellationToken.None);
        Assert.Equal((Devices, leaking.Count, leaking.Count), (run.Judged, run.Leaking, run.LeakingSites));

        // The device list: the leaking ones, and they come first in the whole list too.
        var atRisk = await Json.ReadAsync(await server.Client.GetAsync("/api/v1/devices?atRisk=true"));
        Assert.Equal(leaking.Order(), atRisk.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("device").GetString()!).Order());
        var all = await Json.ReadAsync(await server.Client.GetAsync("/api/v1/devices"));
        Assert.Equal(leaking.Order(), all.GetProperty("devices").EnumerateArray().Take(leaking.Count).Select(d => d.GetProperty("device").GetString()!).Order());

        // The pivot: the firmware and coverage pair explains the leak, and the modem site is where.
        var pivot = await Json.ReadAsync(await server.Client.GetAsync("/api/v1/pivot"));
        output.WriteLine(pivot.ToString());
        Assert.Equal((leaking.Count, Devices - leaking.Count), (pivot.GetProperty("leakingDevices").GetInt32(), pivot.GetProperty("healthyDevices").GetInt32()));
        var first = pivot.GetProperty("findings")[0];
        var conditions = first.GetProperty("conditions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { ["coverage"] = "weak", ["firmware"] = "2.3" }, conditions);
        Assert.True(first.GetProperty("significant").GetBoolean());
        Assert.Equal((leaking.Count, 0), (first.GetProperty("leakingWith").GetInt32(), first.GetProperty("healthyWith").GetInt32()));
        Assert.Equal(1.0, first.GetProperty("support").GetDouble());
        Assert.True(first.GetProperty("lift").GetDouble() > 7, first.ToString());
        Assert.True(first.GetProperty("pValue").GetDouble() < 1e-8, first.ToString());
        var site = pivot.GetProperty("sites")[0];
        Assert.Equal((LedgerFleet.LeakingSite, leaking.Count, 1.0), (site.GetProperty("site").GetString(), site.GetProperty("leakingDevices").GetInt32(), site.GetProperty("share").GetDouble()));

        // A leaking device's detail names its leaking site and how much of its leak it carries.
        var one = leaking.Order().First();
        var detail = await Json.ReadAsync(await server.Client.GetAsync($"/api/v1/devices/{one}"));
        var sites = detail.GetProperty("sites");
        Assert.Equal((LedgerFleet.LeakingSite, "leaking"), (sites[0].GetProperty("site").GetString(), sites[0].GetProperty("verdict").GetString()));
        Assert.InRange(sites[0].GetProperty("share").GetDouble(), 0.6, 1.4);
        Assert.NotEqual("leaking", sites[1].GetProperty("verdict").GetString());

        // One firing per leaking device; marking one fixed sends its resolved.
        var firings = await webhook.WaitForAsync(leaking.Count);
        Assert.Equal(leaking.Count, firings.Count);
        Assert.All(firings, f => Assert.Equal(("exhaustion-30d", "firing", "matched"), (f.GetProperty("rule").GetString(), f.GetProperty("state").GetString(), f.GetProperty("reason").GetString())));
        Assert.Equal(leaking.Order(), firings.Select(f => f.GetProperty("device").GetString()!).Order());

        var marked = await server.Client.PostAsync($"/api/v1/devices/{one}/fixed", content: null);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var reply = await Json.ReadAsync(marked);
        Assert.Equal(["exhaustion-30d"], reply.GetProperty("resolved").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(LedgerFleet.Start.AddHours((Days * 24) - 1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), reply.GetProperty("fixedAt").GetString());
        var after = await webhook.WaitForAsync(leaking.Count + 1);
        var resolved = Assert.Single(after, b => b.GetProperty("state").GetString() == "resolved");
        Assert.Equal((one, "fixed"), (resolved.GetProperty("device").GetString(), resolved.GetProperty("reason").GetString()));
        Assert.Equal(firings.Single(f => f.GetProperty("device").GetString() == one).GetProperty("firstFlaggedAt").GetString(), resolved.GetProperty("firstFlaggedAt").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.PostAsync("/api/v1/devices/nope/fixed", content: null)).StatusCode);
        output.WriteLine($"{Devices} devices x {Days} days ingested over HTTP in {ingested.TotalSeconds:F1} s; judged in {run.Elapsed.TotalSeconds:F1} s; all in {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void AlertRulesComeFromTheConfigurationOrAFileNotBothAndAMistakeIsNamed()
    {
        static IReadOnlyList<Fleet.Alerts.AlertRule> Read(params (string Key, string Value)[] values) =>
            AlertSettings.ReadRules(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

        Assert.Empty(Read());
        var inline = Assert.Single(Read(("Alerts:Rules", """[{"name":"any","webhook":"http://127.0.0.1:9/h","verdict":"leaking"}]""")));
        Assert.Equal(("any", null), (inline.Name, inline.WithinDays));

        var file = Path.Combine(Path.GetTempPath(), $"heapledger-alerts-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """[{"name":"soon","webhook":"https://ops.example/hook","withinDays":14}]""");
        try
        {
            Assert.Equal(14, Assert.Single(Read(("Alerts:File", file))).WithinDays);
            var both = Assert.Throws<HeapLedgerException>(() => Read(("Alerts:File", file), ("Alerts:Rules:0:name", "x")));
            Assert.Contains("keep one", both.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        var bad = Assert.Throws<HeapLedgerException>(() => Read(("Alerts:Rules:0:name", "soon"), ("Alerts:Rules:0:webhook", "ftp://x"), ("Alerts:Rules:0:withinDays", "14")));
        Assert.Contains("configuration Alerts:Rules", bad.Message, StringComparison.Ordinal);
        Assert.Contains("\"webhook\" must be an absolute http or https address", bad.Message, StringComparison.Ordinal);
    }
}
