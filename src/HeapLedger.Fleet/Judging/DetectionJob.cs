using System.Diagnostics;
using HeapLedger.Detection;
using HeapLedger.Detection.Detector;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Fleet.Judging;

/// <summary>
/// Judges the devices that stored heartbeats since the last run: reads them past the job's
/// cursor, page by page, loads each one's recent series (bounded by
/// <see cref="DetectionJobOptions.History"/> and <see cref="DetectionJobOptions.MaxPointsPerDevice"/>),
/// runs the leak detector, and stores the judgements and the cursor after each page. Memory is
/// that of the devices being judged at once (one per core), never the fleet's. A run that stops
/// half-way resumes from the last page stored; judging a device twice is harmless.
/// </summary>
public sealed class DetectionJob(IFleetStore store, DetectionJobOptions options, TimeProvider clock)
{
    public const string CursorName = "detection";

    private readonly LeakDetector _detector = new(DetectorOptions.Default with { ReserveBytes = options.ReserveBytes });
    private DateTimeOffset _lastRetention = DateTimeOffset.MinValue;

    public DetectionJobOptions Options { get; } = options;

    public async Task<DetectionRun> RunOnceAsync(CancellationToken cancel)
    {
        var watch = Stopwatch.StartNew();
        var cursor = await store.ReadCursorAsync(CursorName, cancel).ConfigureAwait(false);
        var judged = 0;
        var leaking = 0;
        while (true)
        {
            var page = await store.DevicesReportedAfterAsync(cursor, Options.PageSize, cancel).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            var judgements = new Judgement?[page.Count];
            await Parallel.ForAsync(0, page.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel }, async (i, token) =>
            {
                var series = await store.LoadSeriesAsync(page[i].Device, Options.History, Options.MaxPointsPerDevice, token).ConfigureAwait(false);
                judgements[i] = series is null ? null : new Judgement(_detector.Judge(series), clock.GetUtcNow());
            }).ConfigureAwait(false);

            var found = judgements.OfType<Judgement>().ToList();
            await store.SaveJudgementsAsync(found, cancel).ConfigureAwait(false);
            cursor = page[^1].Cursor;
            await store.WriteCursorAsync(CursorName, cursor, cancel).ConfigureAwait(false);
            judged += found.Count;
            leaking += found.Count(j => j.Forecast.Verdict == DeviceVerdict.Leaking);
        }

        var deleted = await ApplyRetentionAsync(force: false, cancel).ConfigureAwait(false);
        return new DetectionRun(judged, leaking, deleted, watch.Elapsed);
    }

    /// <summary>Deletes heartbeats older than <see cref="DetectionJobOptions.RetentionDays"/>, when due (or at once with <paramref name="force"/>).</summary>
    public async Task<long> ApplyRetentionAsync(bool force, CancellationToken cancel)
    {
        var now = clock.GetUtcNow();
        if (Options.RetentionDays <= 0 || (!force && now - _lastRetention < Options.RetentionEvery))
        {
            return 0;
        }

        _lastRetention = now;
        return await store.DeleteHeartbeatsBeforeAsync(now - TimeSpan.FromDays(Options.RetentionDays), cancel).ConfigureAwait(false);
    }
}
