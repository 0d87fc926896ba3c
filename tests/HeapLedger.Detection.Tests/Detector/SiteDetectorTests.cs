using HeapLedger.Detection.Detector;

namespace HeapLedger.Detection.Tests.Detector;

public sealed class SiteDetectorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OnlyTheStaircaseIsALeakNotTheCacheTheStepOrThePool(int seed)
    {
        var device = new SyntheticSites { Seed = seed };
        var series = device.Build();

        var forecast = SyntheticDevice.Judge(series);
        var sites = new SiteDetector().Judge(series, forecast);

        Assert.Equal(DeviceVerdict.Leaking, forecast.Verdict);
        var leak = Assert.Single(sites, s => s.Verdict == DeviceVerdict.Leaking);
        Assert.Equal(SyntheticSites.Leak, leak.Site);
        Assert.Same(leak, sites[0]);
        Assert.True(leak.BytesPerHourLow <= device.LeakBytesPerHour && device.LeakBytesPerHour <= leak.BytesPerHourHigh,
            $"true rate {device.LeakBytesPerHour:F1} B/h outside [{leak.BytesPerHourLow:F1}, {leak.BytesPerHourHigh:F1}] around {leak.BytesPerHour:F1}");
        Assert.NotNull(leak.Onset);
        Assert.InRange(leak.ShareOf(forecast)!.Value, 0.5, 1.5);
        Assert.All(sites.Skip(1), s => Assert.True(s.Verdict == DeviceVerdict.Healthy, $"{s.Site}: {s}"));
        Assert.All(sites.Skip(1), s => Assert.Null(s.Onset));
    }

    [Fact]
    public void WithoutTheLeakEverySiteAndTheDeviceAreHealthy()
    {
        var series = new SyntheticSites { LeakBlockBytes = 0 }.Build();

        var forecast = SyntheticDevice.Judge(series);
        var sites = new SiteDetector().Judge(series, forecast);

        Assert.Equal(DeviceVerdict.Healthy, forecast.Verdict);
        Assert.Equal(4, sites.Count);
        Assert.All(sites, s => Assert.True(s.Verdict == DeviceVerdict.Healthy, $"{s.Site}: {s}"));
    }

    [Fact]
    public void ASiteThatLeaksOnADeviceThatDoesNotIsStillNamed()
    {
        // The leak is paid for by a cache that empties at the same pace: the device is flat.
        var leaking = new SyntheticSites().Build();
        var shrinking = new SiteSeries("shrinking_cache.c:12", [.. leaking.Sites[0].Samples.Select(s => s with { LiveBytes = 100_000 - s.LiveBytes })]);
        var flat = leaking with
        {
            Points = [.. leaking.Points.Select(p => p with { Free = leaking.Points[0].Free, LargestFree = leaking.Points[0].Free })],
            Sites = [leaking.Sites[0], shrinking],
        };

        var forecast = SyntheticDevice.Judge(flat);
        var sites = new SiteDetector().Judge(flat, forecast);

        Assert.Equal(DeviceVerdict.Healthy, forecast.Verdict);
        Assert.Equal(DeviceVerdict.Leaking, sites[0].Verdict);
        Assert.Equal(SyntheticSites.Leak, sites[0].Site);
        Assert.Null(sites[0].ShareOf(forecast));
        Assert.Equal(DeviceVerdict.Healthy, sites[1].Verdict);
    }

    [Fact]
    public void ASiteSeesOnlyTheHeartbeatsItsDeviceIsGiven()
    {
        var series = new SyntheticSites().Build();
        var day = series with { Points = [.. series.Points.Take(24)] };

        var sites = new SiteDetector().Judge(day, SyntheticDevice.Judge(day));

        Assert.All(sites, s => Assert.Equal(DeviceVerdict.InsufficientData, s.Verdict));
        Assert.All(sites, s => Assert.Equal(24, s.Points));
    }

    [Fact]
    public void ADeviceWithoutSiteLedgersHasNoSites()
    {
        var series = new SyntheticDevice { LeakBytesPerHour = 150 }.Build();

        Assert.Empty(new SiteDetector().Judge(series, SyntheticDevice.Judge(series)));
    }
}
