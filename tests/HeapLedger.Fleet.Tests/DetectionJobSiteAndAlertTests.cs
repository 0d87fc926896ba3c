using HeapLedger.Detection;
using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Judging;
using HeapLedger.Fleet.Storage;
using HeapLedger.Fleet.Tests.Support;
using HeapLedger.Fleet.Tests.Support.Alerts;
using HeapLedger.Tests.Shared;

namespace HeapLedger.Fleet.Tests;

/// <summary>The detection job over a store that keeps sites and alerts (<see cref="IFleetAnalysisStore"/>), on SQLite and on PostgreSQL.</summary>
[Collection(PostgresCluster.Collection)]
public sealed class DetectionJobSiteAndAlertTests(PostgresCluster cluster)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task TheJobJudgesLedgersStoresLeakingSitesAndFiresEachRuleOncePerDevice(string kind)
    {
        await using var temp = await StoreUnderTest.CreateAsync(kind, cluster);
        var analysis = (IFleetAnalysisStore)temp.Store;
        await temp.AddDevicesAsync("gw-leak", "gw-ok", "gw-plain");
        await temp.Store.AppendAsync(LedgerDevice.Build("gw-leak", leaking: true, days: 20, seed: 1), None);
        await temp.Store.AppendAsync(LedgerDevice.Build("gw-ok", leaking: false, days: 20, seed: 2), None);
        await temp.Store.AppendAsync(LedgerDevice.Build("gw-plain", leaking: false, days: 20, seed: 3, ledger: false), None);

        var queue = new RecordingQueue();
        var rule = new AlertRule("exhaustion-30d", new Uri("http://127.0.0.1:9/hook"), 30);
        var alerts = new AlertEvaluator([rule], analysis.AlertState, queue, AlertOptions.Default, new ListLogger<AlertEvaluator>());
        var job = new DetectionJob(temp.Store, DetectionJobOptions.Default, TimeProvider.System, alerts);
        var run = await job.RunOnceAsync(None);
        Assert.Equal((3, 1, 1, 1), (run.Judged, run.Leaking, run.LeakingSites, run.Notifications));

        var sites = await analysis.GetSiteJudgementsAsync("gw-leak", None);
        Assert.Equal([LedgerDevice.LeakingSite, LedgerDevice.PoolSite], sites.Select(s => s.Site));
        Assert.Equal(DeviceVerdict.Leaking, sites[0].Verdict);
        Assert.InRange(sites[0].BytesPerHour!.Value, 45, 75);
        Assert.NotEqual(DeviceVerdict.Leaking, sites[1].Verdict);
        Assert.Empty(await analysis.GetSiteJudgementsAsync("gw-plain", None));

        var pivot = (await analysis.ReadPivotDevicesAsync(None)).ToDictionary(d => d.Device);
        Assert.Equal([LedgerDevice.LeakingSite], pivot["gw-leak"].LeakingSites);
        Assert.Equal(DeviceVerdict.Leaking, pivot["gw-leak"].Verdict);
        Assert.Empty(pivot["gw-ok"].LeakingSites!);
        Assert.Null(pivot["gw-plain"].LeakingSites);

        var firing = Assert.Single(queue.Notifications);
        Assert.Equal(("gw-leak", AlertTransition.Firing), (firing.Device, firing.State));
        Assert.Single(await analysis.AlertState.GetPendingAsync());

        // More heartbeats of the same leak: judged again, no second firing.
        await temp.Store.AppendAsync([.. LedgerDevice.Build("gw-leak", leaking: true, days: 21, seed: 1).Skip(480)], None);
        var again = await job.RunOnceAsync(None);
        Assert.Equal((1, 0), (again.Judged, again.Notifications));
        Assert.Single(queue.Notifications);
    }
}
