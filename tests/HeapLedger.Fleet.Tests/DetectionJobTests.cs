using HeapLedger.Detection;
using HeapLedger.Detection.Detector;
using HeapLedger.Detection.Evaluation;
using HeapLedger.Fleet.Judging;
using HeapLedger.Fleet.Storage;
using HeapLedger.Fleet.Tests.Support;
using HeapLedger.Tests.Shared;
using Xunit.Abstractions;

namespace HeapLedger.Fleet.Tests;

[Collection(PostgresCluster.Collection)]
public sealed class DetectionJobTests(ITestOutputHelper output, PostgresCluster cluster)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task TheJobFindsTheLeakingDevicesOfASyntheticFleetAndStoresWhatTheDetectorSays(string kind)
    {
        var fleet = new FleetGenerator(new FleetOptions(Devices: 40, Days: 30, LeakingShare: 0.25, Seed: 7));
        var devices = fleet.Generate().ToList();
        await using var temp = await StoreUnderTest.CreateAsync(kind, cluster);
        await temp.AddDevicesAsync([.. devices.Select(d => d.Series.Device)]);
        var heartbeats = 0;
        foreach (var device in devices)
        {
            var beats = device.Series.Points.Select((p, i) => new Heartbeat(device.Series.Device, i, p.Time, p.UptimeSeconds, p.Free, p.MinimumFree, p.LargestFree,
                p.HeapSize, [], i == 0 ? device.Series.Attributes : new Dictionary<string, string>())).ToList();
            await temp.Store.AppendAsync(beats, None);
            heartbeats += beats.Count;
        }

        var options = DetectionJobOptions.Default with { ReserveBytes = FleetOptions.DefaultReserveBytes };
        var job = new DetectionJob(temp.Store, options, TimeProvider.System);
        var run = await job.RunOnceAsync(None);
        Assert.Equal(40, run.Judged);

        var detector = new LeakDetector(DetectorOptions.Default with { ReserveBytes = FleetOptions.DefaultReserveBytes });
        var page = await temp.Store.ListDevicesAsync(new DeviceQuery(false, DeviceSort.Device, 1, 100), None);
        var truePositives = 0;
        var falsePositives = 0;
        foreach (var (device, stored) in devices.Zip(page.Devices))
        {
            Assert.Equal(device.Series.Device, stored.Device);
            var direct = detector.Judge(device.Series);
            var judged = stored.Judgement!.Forecast;
            Assert.Equal(direct.Verdict, judged.Verdict);
            if (direct.ExhaustionAt is { } at)
            {
                Assert.InRange((judged.ExhaustionAt!.Value - at).Duration(), TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }

            var leaking = judged.Verdict == DeviceVerdict.Leaking;
            truePositives += leaking && device.Truth.Leaking ? 1 : 0;
            falsePositives += leaking && !device.Truth.Leaking ? 1 : 0;
        }

        var actuallyLeaking = devices.Count(d => d.Truth.Leaking);
        output.WriteLine($"{kind}: {devices.Count} devices x 30 days, {heartbeats} heartbeats: {run.Leaking} judged leaking ({truePositives} of {actuallyLeaking} leaking devices, {falsePositives} healthy ones) in {run.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(truePositives * 2 >= actuallyLeaking, $"only {truePositives} of {actuallyLeaking} leaking devices found");
        Assert.True(falsePositives <= 2, $"{falsePositives} healthy devices judged leaking");

        var atRisk = await temp.Store.ListDevicesAsync(new DeviceQuery(true, DeviceSort.Urgency, 1, 100), None);
        Assert.Equal(run.Leaking, atRisk.Total);
        Assert.All(atRisk.Devices, d => Assert.NotNull(d.Judgement!.FirstFlaggedAt));
        var exhaustion = atRisk.Devices.Select(d => d.Judgement!.Forecast.ExhaustionAt ?? DateTimeOffset.MaxValue).ToList();
        Assert.Equal(exhaustion.Order(), exhaustion);

        Assert.Equal(0, (await job.RunOnceAsync(None)).Judged); // nothing new since the cursor
        var first = devices[0].Series;
        var last = first.Points[^1];
        await temp.Store.AppendAsync([new Heartbeat(first.Device, first.Points.Count, last.Time.AddHours(1), null, last.Free, null, null, last.HeapSize, [], new Dictionary<string, string>())], None);
        Assert.Equal(1, (await job.RunOnceAsync(None)).Judged);
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task RetentionRunsWithTheJobWhenSet(string kind)
    {
        await using var temp = await StoreUnderTest.CreateAsync(kind, cluster);
        await temp.AddDevicesAsync("dev-001");
        await temp.Store.AppendAsync([Beat.Of("dev-001", 1), Beat.Of("dev-001", 2)], None);
        var kept = await new DetectionJob(temp.Store, DetectionJobOptions.Default, TimeProvider.System).RunOnceAsync(None);
        Assert.Equal(0, kept.HeartbeatsDeleted);
        var run = await new DetectionJob(temp.Store, DetectionJobOptions.Default with { RetentionDays = 30 }, TimeProvider.System).RunOnceAsync(None);
        Assert.Equal(2, run.HeartbeatsDeleted); // March 2026 is more than 30 days ago
        Assert.Equal(0, await temp.Store.CountHeartbeatsAsync(None));
    }
}
