using System.Globalization;
using System.Text;
using System.Text.Json;
using HeapLedger.Cli.Tests.Support;

namespace HeapLedger.Cli.Tests;

/// <summary><c>heapledger forecast</c> on heartbeats that carry site ledgers: which sites leak, under their device.</summary>
public sealed class ForecastSitesTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] DeviceFields = ["device", "verdict", "bytesPerHour", "onset", "exhaustionAt", "exhaustionLow", "exhaustionHigh", "points"];

    private static readonly string[] SiteFields = ["site", "verdict", "bytesPerHour", "onset", "points"];

    [Fact]
    public void NdjsonSitesComeBackUnderTheirDeviceLeakingFirst()
    {
        var run = CliRun.Of("forecast", Write("sites.ndjson", Fleet()), "--format", "json");

        Assert.True(run.ExitCode == 1, run.Out + run.Error);
        using var json = run.Json();
        var device = Assert.Single(json.RootElement.GetProperty("devices").EnumerateArray());
        Assert.Equal(DeviceFields, device.EnumerateObject().Select(p => p.Name).Take(DeviceFields.Length));
        Assert.Equal("leaking", device.GetProperty("verdict").GetString());
        var sites = device.GetProperty("sites").EnumerateArray().ToList();
        Assert.All(sites, s => Assert.Equal(SiteFields, s.EnumerateObject().Select(p => p.Name).Take(SiteFields.Length)));
        Assert.Equal(["modem_driver.c:41", "route_cache.c:88", "rx_pool.c:57"], sites.Select(s => s.GetProperty("site").GetString()));
        Assert.Equal(["leaking", "healthy", "healthy"], sites.Select(s => s.GetProperty("verdict").GetString()));
        Assert.InRange(sites[0].GetProperty("bytesPerHour").GetDouble(), 140, 160);
        Assert.EndsWith("Z", sites[0].GetProperty("onset").GetString(), StringComparison.Ordinal);
        Assert.InRange(sites[0].GetProperty("points").GetInt32(), 24 * 10, 24 * 20);
        Assert.InRange(sites[0].GetProperty("shareOfDevice").GetDouble(), 0.5, 1.2);
        Assert.Equal(JsonValueKind.Null, sites[1].GetProperty("onset").ValueKind);
    }

    [Fact]
    public void TheTextReportNamesTheLeakingSiteUnderItsDevice()
    {
        var run = CliRun.Of("forecast", Write("sites-text.ndjson", Fleet()));

        var lines = run.Out.Split('\n');
        var device = Array.FindIndex(lines, l => l.StartsWith("gw-7 ", StringComparison.Ordinal));
        Assert.True(device > 0, run.Out);
        Assert.StartsWith("  leaking site modem_driver.c:41: ", lines[device + 1], StringComparison.Ordinal);
        Assert.Contains("% of the device's), since 2025-03-", lines[device + 1], StringComparison.Ordinal);
        Assert.DoesNotContain("route_cache", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void HeartbeatsWithoutSitesHaveNoSitesMember()
    {
        var csv = new StringBuilder("device,time,free,heap_size\n");
        for (var hour = 0; hour < 24 * 5; hour++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"flat,{Start.AddHours(hour).ToUnixTimeSeconds()},{100_000 - (hour * 7919 % 3000)},262144\n");
        }

        using var json = CliRun.Of("forecast", Write("no-sites.csv", csv.ToString()), "--format", "json").Json();

        Assert.False(json.RootElement.GetProperty("devices")[0].TryGetProperty("sites", out _));
    }

    [Fact]
    public void DeviceRecordsInLedgerModeNameTheirSitesFromTheSnapshots()
    {
        var records = string.Concat(new DeviceLog().LeakingDevice(snapshots: 24 * 10));

        using var json = CliRun.Of("forecast", Write("ledger.log", records), "--format", "json").Json();

        var sites = json.RootElement.GetProperty("devices")[0].GetProperty("sites").EnumerateArray().ToList();
        Assert.Equal(["0x1000", "0x2000"], sites.Select(s => s.GetProperty("site").GetString()));
        Assert.Equal(["leaking", "healthy"], sites.Select(s => s.GetProperty("verdict").GetString()));
        Assert.InRange(sites[0].GetProperty("bytesPerHour").GetDouble(), 128 / 3.0 * 0.9, 128 / 3.0 * 1.1);
    }

    [Fact]
    public void TooManySitesExitWithCodeTwoNamingTheFileAndLine()
    {
        // 700 distinct sites a heartbeat: the second heartbeat brings the device past 1,024.
        var ndjson = new StringBuilder();
        for (var line = 0; line < 2; line++)
        {
            var sites = string.Join(",", Enumerable.Range(line * 700, 700).Select(i => $"{{\"site\":\"s{i}\",\"live_count\":1,\"live_bytes\":8}}"));
            ndjson.Append(CultureInfo.InvariantCulture, $"{{\"device\":\"many\",\"time\":{line * 3600},\"free\":1000,\"heap_size\":2000,\"sites\":[{sites}]}}\n");
        }

        var path = Write("many-sites.ndjson", ndjson.ToString());
        var run = CliRun.Of("forecast", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{path}:2: device \"many\" has more than 1024 distinct sites (SeriesLimits.MaxSitesPerDevice)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManySitesInDeviceRecordsExitWithCodeTwoNamingTheRecordsLine()
    {
        var log = new DeviceLog();
        var records = new StringBuilder(log.Record("H 1 ledger - 0")).Append(log.Record("S 0 800 800 800 1000"));
        for (var site = 1; site <= 1025; site++)
        {
            records.Append(log.Record(string.Create(CultureInfo.InvariantCulture, $"L 0 {site:x} 1 0 1 8 8")));
        }

        var path = Write("many-sites.log", records.ToString());
        var run = CliRun.Of("forecast", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{path}:1027: more than 1024 distinct sites (SeriesLimits.MaxSitesPerDevice)", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Twenty days of hourly heartbeats of one gateway: a frame leaked every six hours, give or
    /// take two (150 B/h), a route cache that fills in two days and stays, and a receive pool
    /// that comes and goes. The device's used heap is their sum over a fixed base.
    /// </summary>
    private static string Fleet()
    {
        var text = new StringBuilder();
        long leaked = 0;
        for (var hour = 0; hour < 24 * 20; hour++)
        {
            while ((leaked + 1) * 6 + ((leaked * 37 % 5) - 2) <= hour)
            {
                leaked++;
            }

            var leak = (leaked * 900) + (hour % 3 * 600);
            var cache = Math.Min(30_000, hour * 30_000 / 48) - (hour * 7919 % 400);
            var pool = hour * 104_729 % 25 * 512;
            var free = 262_144 - 60_000 - leak - cache - pool - (hour * 7907 % 3000);
            text.Append(CultureInfo.InvariantCulture, $"{{\"device\":\"gw-7\",\"seq\":{hour},\"time\":\"{Start.AddHours(hour):yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"uptime_s\":{hour * 3600},")
                .Append(CultureInfo.InvariantCulture, $"\"free\":{free},\"min_free\":{free},\"largest_free\":{free},\"heap_size\":262144,\"sites\":[")
                .Append(CultureInfo.InvariantCulture, $"{{\"site\":\"modem_driver.c:41\",\"live_count\":{leaked + (hour % 3)},\"live_bytes\":{leak}}},")
                .Append(CultureInfo.InvariantCulture, $"{{\"site\":\"route_cache.c:88\",\"live_count\":{cache / 100},\"live_bytes\":{cache}}},")
                .Append(CultureInfo.InvariantCulture, $"{{\"site\":\"rx_pool.c:57\",\"live_count\":{pool / 512},\"live_bytes\":{pool}}}],")
                .Append("\"attributes\":{\"firmware\":\"2.1.0\"}}\n");
        }

        return text.ToString();
    }

    private static string Write(string name, string text)
    {
        var path = Path.Combine(TraceFactory.WorkDirectory, $"forecast-{name}");
        File.WriteAllText(path, text);
        return path;
    }
}
