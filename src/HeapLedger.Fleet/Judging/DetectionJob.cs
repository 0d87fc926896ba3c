using System.Diagnostics;
using HeapLedger.Detection;
using HeapLedger.Detection.Detector;
using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Fleet.Judging;

/// <summary>
/// Judges the devices that stored heartbeats since the last run: reads them past the job's
/// cursor, page by page, loads each one's recent series (bounded by
/// <see cref="DetectionJobOptions.History"/> and <see cref="DetectionJobOptions.MaxPointsPerDevice"/>),
/// runs the leak detector, and stores the judgements and the cursor after each page. Memory is
/// that of the devices being judged at once (one per core), never the fleet's. A run that stops
/// half-way resumes from the last page stored; judging a device twice is harmless.
/// <para>
/// When the store also keeps sites and alerts (<see cref="IFleetAnalysisStore"/>), a device whose
/// heartbeats carry ledgers has each site judged too (<see cref="SiteDetector"/>) and its site
/// verdicts stored; and when <paramref name="alerts"/> is given, every judgement is handed to it
/// after the page is stored and before the cursor moves, so a run cut short evaluates the page
/// again (which the evaluator ignores for judgements it has already counted).
/// </para>
/// </summary>
public sealed class DetectionJob(IFleetStore store, DetectionJobOptions options, TimeProvider clock, AlertEvaluator? alerts = null)
{
    public const string CursorName = "detection";

    private readonly LeakDetector _detector = new(DetectorOptions.Default with { ReserveBytes = options.ReserveBytes });
    private readonly SiteDetector _siteDetector = new(new LeakDetector(DetectorOptions.Default with { ReserveBytes = options.ReserveBytes }));
    private readonly IFleetAnalysisStore? _analysis = store as IFleetAnalysisStore;
    private DateTimeOffset _lastRetention = DateTimeOffset.MinValue;

    public DetectionJobOptions Options { get; } = options;

    public AlertEvaluator? Alerts { get; } = alerts;

    public async Task<DetectionRun> RunOnceAsync(CancellationToken cancel)
    {
        var watch = Stopwatch.StartNew();
        var cursor = await store.ReadCursorAsync(CursorName, cancel).ConfigureAwait(false);
        var judgedCount = 0;
        var leaking = 0;
        var leakingSites = 0;
        var notifications = 0;
        while (true)
        {
            var page = await store.DevicesReportedAfterAsync(cursor, Options.PageSize, cancel).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            var judged = new Judged?[page.Count];
            await Parallel.ForAsync(0, page.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel }, async (i, token) =>
                judged[i] = await JudgeAsync(page[i].Device, token).ConfigureAwait(false)).ConfigureAwait(false);

            var found = judged.OfType<Judged>().ToList();
            await store.SaveJudgementsAsync([.. found.Select(j => j.Judgement)], cancel).ConfigureAwait(false);
            if (_analysis is not null)
            {
                await _analysis.SaveSiteJudgementsAsync([.. found.Select(j => j.Sites)], cancel).ConfigureAwait(false);
            }

            if (Alerts is not null)
            {
                await Parallel.ForEachAsync(found.Where(j => j.ForAlerts is not null), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancel }, async (j, token) =>
                    Interlocked.Add(ref notifications, (await Alerts.EvaluateAsync(j.ForAlerts!, token).ConfigureAwait(false)).Count)).ConfigureAwait(false);
            }

            cursor = page[^1].Cursor;
            await store.WriteCursorAsync(CursorName, cursor, cancel).ConfigureAwait(false);
            judgedCount += found.Count;
            leaking += found.Count(j => j.Judgement.Forecast.Verdict == DeviceVerdict.Leaking);
            leakingSites += found.Sum(j => j.Sites.Sites.Count(s => s.Verdict == DeviceVerdict.Leaking));
        }

        var deleted = await ApplyRetentionAsync(force: false, cancel).ConfigureAwait(false);
        return new DetectionRun(judgedCount, leaking, deleted, watch.Elapsed, leakingSites, notifications);
    }

    /// <summary>
    /// One device: its verdict, its sites' verdicts, and what the alert rules need of it, which
    /// is all that is kept of its series (a page of series could be gigabytes).
    /// </summary>
    private async Task<Judged?> JudgeAsync(string device, CancellationToken cancel)
    {
        var series = _analysis is null
            ? await store.LoadSeriesAsync(device, Options.History, Options.MaxPointsPerDevice, cancel).ConfigureAwait(false)
            : await _analysis.LoadSeriesWithSitesAsync(device, Options.History, Options.MaxPointsPerDevice, Options.MaxSiteSamplesPerDevice, cancel).ConfigureAwait(false);
        if (series is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var forecast = _detector.Judge(series);
        var sites = series.Sites.Count == 0 ? [] : _siteDetector.Judge(series, forecast);
        return new Judged(
            new Judgement(forecast, now),
            new SiteJudgements(device, now, sites),
            series.Points.Count == 0 ? null : DeviceJudgement.From(series, forecast));
    }

    private sealed record Judged(Judgement Judgement, SiteJudgements Sites, DeviceJudgement? ForAlerts);

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
