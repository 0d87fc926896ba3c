using System.Globalization;
using System.Text.Json;
using HeapLedger.Device.Tests.Support;

namespace HeapLedger.Device.Tests;

/// <summary>
/// The field failure seen from the fleet side: the gateway's ledger-mode heartbeats (heap samples
/// and site snapshots) judged by <c>heapledger forecast</c> while its heap is still draining.
/// </summary>
public sealed class GatewayForecastTests
{
    /// <summary>Days of uptime: before the heap runs out (about 11 days in), while a forecast can still help.</summary>
    private const int Days = 10;

    [Fact]
    public void ForecastNamesTheDriversFrameAllocationAsTheSiteThatLeaks()
    {
        var records = Path.Combine(GatewayBuild.Directory, $"forecast-{Environment.CurrentManagedThreadId}-{Guid.NewGuid():n}.records");
        var gateway = Run.Program(GatewayBuild.Gateway, ["--mode", "ledger", "--uptime-days", Days.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["HEAPLEDGER_OUT"] = records });
        Assert.True(gateway.ExitCode == 0, gateway.Error);

        var run = Run.HeapLedger(null, "forecast", records, "--elf", GatewayBuild.Gateway, "--format", "json");

        using var json = JsonDocument.Parse(run.Out);
        var device = json.RootElement.GetProperty("devices")[0];
        Assert.True(device.GetProperty("verdict").GetString() == "leaking", run.Out);
        var sites = device.GetProperty("sites").EnumerateArray().ToList();
        var leak = Assert.Single(sites, s => s.GetProperty("verdict").GetString() == "leaking");
        var driverLine = GatewayBuild.LineOf(GatewayBuild.Source("vendor/acme_modem/modem_driver.c"), "modem_frame_t *frame = malloc(");
        Assert.StartsWith("frame_from_air ", leak.GetProperty("site").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"modem_driver.c:{driverLine}", leak.GetProperty("site").GetString(), StringComparison.Ordinal);
        Assert.True(leak.GetProperty("bytesPerHour").GetDouble() < device.GetProperty("bytesPerHour").GetDouble(),
            "a site's live bytes leave out the allocator's overhead per block, which the device's used heap counts");
        Assert.DoesNotContain("does not match", run.Error, StringComparison.Ordinal);
    }
}
