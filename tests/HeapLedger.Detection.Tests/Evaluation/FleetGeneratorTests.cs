using HeapLedger.Detection.Evaluation;

namespace HeapLedger.Detection.Tests.Evaluation;

public sealed class FleetGeneratorTests
{
    private static readonly FleetOptions Small = new(Devices: 40, Days: 30, LeakingShare: 0.25, Seed: 7);

    [Fact]
    public void TheSameSeedMakesTheSameFleet()
    {
        var first = new FleetGenerator(Small).Generate().ToList();
        var second = new FleetGenerator(Small).Generate().ToList();

        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Truth, second[i].Truth);
            Assert.Equal(first[i].Series.Points, second[i].Series.Points);
        }
    }

    [Fact]
    public void AnotherSeedMakesAnotherFleet()
    {
        var first = new FleetGenerator(Small).GenerateDevice(3);
        var other = new FleetGenerator(Small with { Seed = 8 }).GenerateDevice(3);

        Assert.NotEqual(first.Series.Points, other.Series.Points);
    }

    [Fact]
    public void ADeviceIsTheSameGeneratedAloneOrWithTheFleet()
    {
        var generator = new FleetGenerator(Small);
        var inFleet = generator.Generate().ElementAt(17);
        var alone = generator.GenerateDevice(17);

        Assert.Equal(inFleet.Truth, alone.Truth);
        Assert.Equal(inFleet.Series.Points, alone.Series.Points);
    }

    [Fact]
    public void ExactlyTheLeakingShareOfDevicesLeaks()
    {
        var options = new FleetOptions(Devices: 333, Days: 2, LeakingShare: 0.1, Seed: 3);
        var leaking = new FleetGenerator(options).Generate().Count(d => d.Truth.Leaking);

        Assert.Equal(33, leaking);
    }

    [Fact]
    public void ALeakingDevicesLargestBlockFallsBelowTheReserveAtTheStatedExhaustionAndNotBefore()
    {
        var options = new FleetOptions(Devices: 120, Days: 90, LeakingShare: 0.5, Seed: 11, ReportAfterExhaustion: true);
        var exhausted = 0;
        foreach (var device in new FleetGenerator(options).Generate().Where(d => d.Truth.Exhaustion is not null))
        {
            exhausted++;
            var at = device.Truth.Exhaustion!.Value;
            Assert.True(device.Truth.Leaking, $"{device.Truth.Device} is healthy but exhausted");
            Assert.True(device.Truth.Onset <= at);

            // Reported times carry up to 15 minutes of clock jitter around the hourly tick.
            var atExhaustion = Assert.Single(device.Series.Points, p => Math.Abs((p.Time - at).TotalMinutes) <= 15);
            Assert.True(atExhaustion.LargestFree < options.ReserveBytes, $"{device.Truth.Device}: largest {atExhaustion.LargestFree} at exhaustion");
            Assert.All(device.Series.Points.Where(p => p.Time < at - TimeSpan.FromMinutes(30)), p => Assert.True(p.LargestFree >= options.ReserveBytes));
        }

        Assert.True(exhausted >= 20, $"only {exhausted} devices exhausted");
    }

    [Fact]
    public void AnExhaustedDeviceSendsNothingFromTheMomentOfExhaustion()
    {
        var options = new FleetOptions(Devices: 60, Days: 90, LeakingShare: 0.5, Seed: 12);
        var exhausted = new FleetGenerator(options).Generate().Where(d => d.Truth.Exhaustion is not null).ToList();

        Assert.NotEmpty(exhausted);
        Assert.All(exhausted, d => Assert.All(d.Series.Points, p => Assert.True(p.Time < d.Truth.Exhaustion)));
    }

    [Fact]
    public void HealthyDevicesNeverExhaust()
    {
        var options = new FleetOptions(Devices: 600, Days: 90, LeakingShare: 0, Seed: 5, ReportAfterExhaustion: true);
        foreach (var device in new FleetGenerator(options).Generate())
        {
            Assert.Null(device.Truth.Exhaustion);
            Assert.All(device.Series.Points, p => Assert.True(p.LargestFree >= options.ReserveBytes && p.LargestFree <= p.Free));
        }
    }

    [Fact]
    public void TheFleetHasTheHardCasesTheIssueAsksFor()
    {
        var devices = new FleetGenerator(new FleetOptions(Devices: 400, Days: 90, LeakingShare: 0.25, Seed: 2)).Generate().ToList();
        var healthy = devices.Where(d => !d.Truth.Leaking).ToList();

        Assert.Contains(healthy, d => Reboots(d) > 0);
        Assert.Contains(healthy, d => d.Series.Points.Count < 90 * 24 * 0.95);
        Assert.Contains(healthy, d => d.Series.Points.Any(p => p.Free < 0.1 * p.HeapSize));
        Assert.Contains(healthy, d => d.Series.Points.Any(p => p.Time.Minute is > 5 and < 55));
        foreach (var kind in new[] { LeakKind.Steady, LeakKind.LateOnset, LeakKind.Scenario, LeakKind.Fragmentation })
        {
            Assert.Contains(devices, d => d.Truth.Kind == kind && d.Truth.ExhaustsWithinWindow);
        }

        var days = devices.Where(d => d.Truth.ExhaustsWithinWindow).Select(d => (d.Truth.Exhaustion!.Value - d.Truth.Onset!.Value).TotalDays).ToList();
        Assert.True(days.Min() < 5, $"fastest leak took {days.Min():0.0} days");
        Assert.True(days.Max() > 45, $"slowest exhausting leak took {days.Max():0.0} days");
    }

    private static int Reboots(LabelledSeries device) =>
        device.Series.Points.Zip(device.Series.Points.Skip(1)).Count(pair => pair.Second.UptimeSeconds < pair.First.UptimeSeconds);
}
