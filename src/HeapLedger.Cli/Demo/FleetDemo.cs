using System.Diagnostics;
using HeapLedger.Core;
using HeapLedger.Detection.Evaluation;
using HeapLedger.Fleet;
using HeapLedger.Fleet.Judging;
using HeapLedger.Fleet.Pivot;
using HeapLedger.Fleet.Simulation;
using HeapLedger.Fleet.Storage;
using HeapLedger.Server.Dashboard;

namespace HeapLedger.Cli.Demo;

/// <summary>
/// The field failure replayed on the embedded default: the simulated fleet's heartbeats appended
/// to a SQLite store one simulated day at a time, the detection job run at each day's end on a
/// clock set to that moment (so a first leaking verdict is dated in the fleet's time), then the
/// pivot and the dashboard's HTML report.
/// </summary>
internal static class FleetDemo
{
    public const string StoreFile = "heapledger-demo.db";
    public const string ReportFile = "report.html";

    /// <summary>How far the replay is: <c>(day, days, devices flagged so far)</c>.</summary>
    public delegate void DayDone(int day, int days, int flagged);

    public static async Task<DemoOutcome> RunAsync(DemoSettings settings, string folder, Action<string> phase, DayDone dayDone, CancellationToken cancel)
    {
        var watch = Stopwatch.StartNew();
        var options = new FieldFleetOptions(settings.Devices, settings.Days, settings.Seed);
        if (options.Problem() is { } problem)
        {
            throw new HeapLedgerException(problem);
        }

        phase("simulating the fleet");
        var fleet = SimulatedFleet.Generate(options, cancel);
        var storePath = Path.Combine(folder, StoreFile);
        foreach (var file in new[] { storePath, storePath + "-wal", storePath + "-shm" })
        {
            // The demo's own store from an earlier run in the same folder: the replay starts over.
            File.Delete(file);
        }

        var clock = new SimulatedClock(FieldFleetOptions.WindowStart);
        await using var store = await FleetStores.OpenAsync(StoreLocation.Parse("sqlite:" + storePath), clock, cancel).ConfigureAwait(false);
        await StoreSimulation.RegisterDevicesAsync(store, fleet, cancel).ConfigureAwait(false);
        var job = new DetectionJob(store, DetectionJobOptions.Default with { ReserveBytes = options.ReserveBytes }, clock);
        var firstFlagged = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

        async Task EndOfDayAsync(int day, List<Heartbeat> heartbeats)
        {
            foreach (var batch in heartbeats.Chunk(500))
            {
                await store.AppendAsync(batch, cancel).ConfigureAwait(false);
            }

            heartbeats.Clear();
            clock.Now = FieldFleetOptions.WindowStart + TimeSpan.FromDays(day + 1);
            if ((day + 1) % settings.JudgeEvery == 0 || day + 1 == settings.Days)
            {
                await job.RunOnceAsync(cancel).ConfigureAwait(false);
                await RecordFirstFlagsAsync(store, clock.Now, firstFlagged, cancel).ConfigureAwait(false);
            }

            dayDone(day + 1, settings.Days, firstFlagged.Count);
        }

        phase("replaying day by day");
        var today = new List<Heartbeat>();
        var current = 0;
        foreach (var heartbeat in fleet.InTimeOrder())
        {
            for (; heartbeat.Seq / 24 > current; current++)
            {
                await EndOfDayAsync(current, today).ConfigureAwait(false);
            }

            today.Add(heartbeat);
        }

        for (; current < settings.Days; current++)
        {
            await EndOfDayAsync(current, today).ConfigureAwait(false);
        }

        phase("pivot and report");
        var atRisk = await store.ListDevicesAsync(new DeviceQuery(true, DeviceSort.Urgency, 1, 3), cancel).ConfigureAwait(false);
        var pivot = new FleetPivot().Analyze(await ((IFleetAnalysisStore)store).ReadPivotDevicesAsync(cancel).ConfigureAwait(false));
        var report = await DashboardReport.ReadAsync(store, DashboardReport.DefaultTop, clock.Now, cancel).ConfigureAwait(false);
        var reportPath = Path.Combine(folder, ReportFile);
        await File.WriteAllTextAsync(reportPath, DashboardReport.Html(report), cancel).ConfigureAwait(false);
        return new DemoOutcome(fleet, firstFlagged, atRisk.Devices, atRisk.Total, pivot, storePath, reportPath, watch.Elapsed);
    }

    /// <summary>Notes the devices judged leaking now that were not before, at <paramref name="now"/>.</summary>
    private static async Task RecordFirstFlagsAsync(IFleetStore store, DateTimeOffset now, Dictionary<string, DateTimeOffset> firstFlagged, CancellationToken cancel)
    {
        for (var page = 1; ; page++)
        {
            var devices = await store.ListDevicesAsync(new DeviceQuery(true, DeviceSort.Urgency, page, DeviceQuery.MaxPageSize), cancel).ConfigureAwait(false);
            foreach (var device in devices.Devices)
            {
                firstFlagged.TryAdd(device.Device, now);
            }

            if ((long)page * DeviceQuery.MaxPageSize >= devices.Total)
            {
                return;
            }
        }
    }
}
