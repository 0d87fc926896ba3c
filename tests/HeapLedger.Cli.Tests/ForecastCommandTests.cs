using System.Globalization;
using System.Text;
using System.Text.Json;
using HeapLedger.Cli.Tests.Support;

namespace HeapLedger.Cli.Tests;

/// <summary><c>heapledger forecast</c>: verdicts and exhaustion forecasts from heap heartbeats.</summary>
public sealed class ForecastCommandTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] DeviceFields = ["device", "verdict", "bytesPerHour", "onset", "exhaustionAt", "exhaustionLow", "exhaustionHigh", "points"];

    /// <summary>Twenty days of hourly heartbeats: "fast" runs out about 26 days in, "slow" about 110 days in, "flat" never.</summary>
    private static string Fleet { get; } = Write("fleet.csv", FleetCsv());

    [Fact]
    public void TheJsonReportHasTheDocumentedShapeMostUrgentFirst()
    {
        var run = CliRun.Of("forecast", Fleet, "--format", "json");

        Assert.True(run.ExitCode == 1, run.Out + run.Error);
        using var json = run.Json();
        var root = json.RootElement;
        Assert.Equal(["schemaVersion", "devices"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        var devices = root.GetProperty("devices").EnumerateArray().ToList();
        Assert.All(devices, d => Assert.Equal(DeviceFields, d.EnumerateObject().Select(p => p.Name).Take(DeviceFields.Length)));
        Assert.Equal(["fast", "slow", "flat"], devices.Select(d => d.GetProperty("device").GetString()));
        Assert.Equal(["leaking", "leaking", "healthy"], devices.Select(d => d.GetProperty("verdict").GetString()));
        Assert.InRange(devices[0].GetProperty("bytesPerHour").GetDouble(), 240, 260);
        Assert.EndsWith("Z", devices[0].GetProperty("exhaustionAt").GetString(), StringComparison.Ordinal);
        var exhaustion = DateTimeOffset.Parse(devices[0].GetProperty("exhaustionAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(exhaustion, Start.AddDays(25), Start.AddDays(27));
        Assert.Equal(JsonValueKind.Null, devices[2].GetProperty("exhaustionAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, devices[2].GetProperty("onset").ValueKind);
        Assert.Equal(480, devices[2].GetProperty("points").GetInt32());
    }

    [Theory]
    [InlineData("30", 1)]
    [InlineData("3", 0)]
    [InlineData("365", 1)]
    public void TheExitCodeSaysWhetherADeviceRunsOutWithinTheHorizon(string horizon, int expected)
    {
        var run = CliRun.Of("forecast", Fleet, "--horizon", horizon);

        Assert.True(run.ExitCode == expected, run.Out + run.Error);
        Assert.Contains("fast", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void AReserveBringsTheForecastForward()
    {
        using var plain = CliRun.Of("forecast", Fleet, "--format", "json").Json();
        using var reserved = CliRun.Of("forecast", Fleet, "--format", "json", "--reserve", "25000").Json();

        static DateTimeOffset FastExhaustion(JsonDocument d) => DateTimeOffset.Parse(
            d.RootElement.GetProperty("devices")[0].GetProperty("exhaustionAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange((FastExhaustion(plain) - FastExhaustion(reserved)).TotalHours, 90, 110);
    }

    [Fact]
    public void NdjsonIsReadLikeCsv()
    {
        var ndjson = new StringBuilder();
        for (var hour = 0; hour < 24 * 10; hour++)
        {
            ndjson.Append(CultureInfo.InvariantCulture, $"{{\"device\":\"n1\",\"time\":{Start.AddHours(hour).ToUnixTimeSeconds()},\"uptime_s\":{hour * 3600},\"free\":{150_000 - (hour * 200) - (hour % 5 * 300)},\"heap_size\":262144,\"firmware\":\"2.0\"}}\n");
        }

        var run = CliRun.Of("forecast", Write("fleet.ndjson", ndjson.ToString()), "--format", "json");

        using var json = run.Json();
        var device = json.RootElement.GetProperty("devices")[0];
        Assert.Equal("leaking", device.GetProperty("verdict").GetString());
        Assert.InRange(device.GetProperty("bytesPerHour").GetDouble(), 190, 210);
    }

    [Fact]
    public void DeviceRecordsHeapSamplesAreForecastToo()
    {
        var records = string.Concat(new DeviceLog().LeakingDevice(snapshots: 24 * 10));

        var run = CliRun.Of("forecast", Write("gateway.log", records), "--format", "json");

        using var json = run.Json();
        var device = json.RootElement.GetProperty("devices")[0];
        Assert.Equal("forecast-gateway", device.GetProperty("device").GetString());
        Assert.Equal("leaking", device.GetProperty("verdict").GetString());
        Assert.InRange(device.GetProperty("bytesPerHour").GetDouble(), 128 / 3.0 * 0.9, 128 / 3.0 * 1.1);
    }

    [Fact]
    public void BadInputExitsWithCodeTwoNamingTheFileAndLine()
    {
        var path = Write("garbled.csv", "device,time,uptime_s,free,min_free,largest_free,heap_size\na,2025-03-01T00:00:00Z,0,100,,,1000\na,2025-03-01T01:00:00Z,0,lots,,,1000\n");

        var run = CliRun.Of("forecast", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{path}:3: bad free \"lots\"", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileExitsWithCodeTwo() =>
        Assert.Equal(2, CliRun.Of("forecast", Path.Combine(TraceFactory.WorkDirectory, "no-such.csv")).ExitCode);

    private static string FleetCsv()
    {
        var csv = new StringBuilder("device,time,uptime_s,free,min_free,largest_free,heap_size,region\n");
        foreach (var (device, rate) in new[] { ("flat", 0), ("slow", 60), ("fast", 250) })
        {
            for (var hour = 0; hour < 24 * 20; hour++)
            {
                var burst = (hour * 7919) % 6000; // deterministic bursts above the floor
                var free = 262_144 - 100_000 - (rate * hour) - burst;
                var time = hour % 2 == 0 ? Start.AddHours(hour).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : Start.AddHours(hour).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                csv.Append(CultureInfo.InvariantCulture, $"{device},{time},{hour * 3600},{free},,{free},262144,\"eu, west\"\n");
            }
        }

        return csv.ToString();
    }

    private static string Write(string name, string text)
    {
        var path = Path.Combine(TraceFactory.WorkDirectory, $"forecast-{name}");
        File.WriteAllText(path, text);
        return path;
    }
}
