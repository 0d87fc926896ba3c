using HeapLedger.Detection.Detector;

namespace HeapLedger.Detection.Tests.Detector;

public sealed class LeakDetectorTests
{
    [Fact]
    public void ASteadyLinearLeakIsFoundWithTheRightRateAndForecast()
    {
        var device = new SyntheticDevice { LeakBytesPerHour = 150, Days = 20 };

        var forecast = SyntheticDevice.Judge(device.Build());

        Assert.Equal(DeviceVerdict.Leaking, forecast.Verdict);
        Assert.Equal("free", forecast.Limit);
        Assert.InRange(forecast.BytesPerHour!.Value, 150 * 0.95, 150 * 1.05);
        // The heap runs out between the moment the highest burst above the floor no longer fits
        // and the moment the floor itself reaches the limit; the forecast lands in between.
        var last = SyntheticDevice.Start.AddDays(20);
        var latest = device.TrueExhaustion();
        var earliest = device.TrueExhaustion(reserve: device.BurstBytes);
        var slack = TimeSpan.FromHours(0.05 * (latest - last).TotalHours);
        Assert.InRange(forecast.ExhaustionAt!.Value, earliest - slack, latest + slack);
        Assert.True(forecast.ExhaustionLow <= forecast.ExhaustionAt && forecast.ExhaustionAt <= forecast.ExhaustionHigh);
    }

    [Fact]
    public void AHeapThatLeakedToItsLimitAndStopsThereIsStillLeakingAndOutOfMemoryNow()
    {
        // 300 B/h fills the 256 KiB heap from 100 KB in about 22 days; the last 8 days sit at
        // the top (allocations fail there, so nothing rises any more).
        var device = new SyntheticDevice { LeakBytesPerHour = 300, Days = 30 };
        var series = device.Build();

        var forecast = SyntheticDevice.Judge(series);

        Assert.Equal(DeviceVerdict.Leaking, forecast.Verdict);
        Assert.True(forecast.ExhaustionAt <= series.Points[^1].Time, $"exhaustion {forecast.ExhaustionAt:O} should be now or past");
    }

    [Fact]
    public void ALeakStartingMidSeriesGetsItsOnsetAndTheRateAfterIt()
    {
        var device = new SyntheticDevice { LeakBytesPerHour = 200, LeakOnsetHours = 20 * 24, Days = 30 };

        var forecast = SyntheticDevice.Judge(device.Build());

        Assert.Equal(DeviceVerdict.Leaking, forecast.Verdict);
        var onsetError = Math.Abs((forecast.Onset!.Value - SyntheticDevice.Start.AddHours(device.LeakOnsetHours)).TotalHours);
        Assert.True(onsetError <= 24, $"onset {forecast.Onset:O} is {onsetError} h off (windows are 12 h)");
        Assert.InRange(forecast.BytesPerHour!.Value, 200 * 0.9, 200 * 1.1);
    }

    [Fact]
    public void ACacheThatFillsThenPlateausIsHealthy() =>
        AssertHealthy(new SyntheticDevice { CacheBytes = 40_000, CacheFillHours = 72 });

    [Fact]
    public void ADailyCycleIsHealthy() =>
        AssertHealthy(new SyntheticDevice { DailyCycleBytes = 50_000 });

    [Fact]
    public void BurstsAreHealthy() =>
        AssertHealthy(new SyntheticDevice { BurstBytes = 60_000 });

    [Fact]
    public void OneStepUpIsHealthy() =>
        AssertHealthy(new SyntheticDevice { StepBytes = 30_000, StepAtHours = 14 * 24 });

    [Fact]
    public void AHealthyDeviceThatRebootsEveryFewDaysIsHealthy() =>
        AssertHealthy(new SyntheticDevice { RebootEveryHours = 3.5 * 24, CacheBytes = 20_000, CacheFillHours = 24 });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void HealthyDevicesWithEverythingAtOnceAreHealthy(int seed) =>
        AssertHealthy(new SyntheticDevice
        {
            Seed = seed, Days = 60, CacheBytes = 20_000, DailyCycleBytes = 30_000, BurstBytes = 20_000,
            StepBytes = 10_000, StepAtHours = 30 * 24, RebootEveryHours = seed * 9 * 24,
        });

    [Fact]
    public void ADeviceThatLeaksRebootsAndLeaksAgainIsLeaking()
    {
        var device = new SyntheticDevice { LeakBytesPerHour = 250, RebootEveryHours = 5 * 24, Days = 18 };

        var forecast = SyntheticDevice.Judge(device.Build());

        Assert.Equal(DeviceVerdict.Leaking, forecast.Verdict);
        Assert.InRange(forecast.BytesPerHour!.Value, 250 * 0.85, 250 * 1.15);
        Assert.True(forecast.Onset < SyntheticDevice.Start.AddDays(5), $"the leak began in the first segment, not at {forecast.Onset:O}");
    }

    [Fact]
    public void FragmentationMakesTheLargestBlockTheLimitAndTheEarlierForecast()
    {
        var plain = new SyntheticDevice { LeakBytesPerHour = 100, Days = 20 };
        var fragmented = plain with { FragmentationBytesPerHour = 150 };

        var leak = SyntheticDevice.Judge(plain.Build());
        var forecast = SyntheticDevice.Judge(fragmented.Build());

        Assert.Equal(DeviceVerdict.Leaking, forecast.Verdict);
        Assert.Equal("largest-block", forecast.Limit);
        Assert.True(forecast.ExhaustionAt < leak.ExhaustionAt, $"{forecast.ExhaustionAt:O} should come before {leak.ExhaustionAt:O}");
        Assert.InRange(forecast.BytesPerHour!.Value, 90, 110);
    }

    [Fact]
    public void TheReserveBringsTheForecastForward()
    {
        var series = new SyntheticDevice { LeakBytesPerHour = 150, Days = 20 }.Build();

        var plain = SyntheticDevice.Judge(series);
        var reserved = SyntheticDevice.Judge(series, DetectorOptions.Default with { ReserveBytes = 15_000 });

        Assert.InRange((plain.ExhaustionAt!.Value - reserved.ExhaustionAt!.Value).TotalHours, 90, 110);
    }

    [Fact]
    public void ADayOfHeartbeatsIsInsufficientData()
    {
        var forecast = SyntheticDevice.Judge(new SyntheticDevice { LeakBytesPerHour = 500, Days = 1 }.Build());

        Assert.Equal(DeviceVerdict.InsufficientData, forecast.Verdict);
        Assert.Null(forecast.ExhaustionAt);
        Assert.Equal(24, forecast.Points);
    }

    [Fact]
    public void ASingleHeartbeatIsInsufficientData()
    {
        var one = new SyntheticDevice { Days = 1 }.Build();
        var forecast = SyntheticDevice.Judge(one with { Points = [one.Points[0]] });

        Assert.Equal(DeviceVerdict.InsufficientData, forecast.Verdict);
    }

    [Fact]
    public void AGrowingPrefixNeverLooksAhead()
    {
        var series = new SyntheticDevice { LeakBytesPerHour = 150, LeakOnsetHours = 10 * 24, Days = 20 }.Build();
        var prefix = series with { Points = [.. series.Points.Take(8 * 24)] };

        Assert.Equal(DeviceVerdict.Healthy, SyntheticDevice.Judge(prefix).Verdict);
    }

    private static void AssertHealthy(SyntheticDevice device)
    {
        var forecast = SyntheticDevice.Judge(device.Build());
        Assert.True(forecast.Verdict == DeviceVerdict.Healthy,
            $"{forecast.Verdict}: {forecast.BytesPerHour:F1} B/h [{forecast.BytesPerHourLow:F1}, {forecast.BytesPerHourHigh:F1}], onset {forecast.Onset:O}, confidence {forecast.Confidence:F4}");
        Assert.Null(forecast.ExhaustionAt);
        Assert.Null(forecast.Onset);
    }
}
