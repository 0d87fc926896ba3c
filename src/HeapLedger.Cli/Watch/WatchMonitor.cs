using System.Globalization;
using HeapLedger.Cli.Check;
using HeapLedger.Cli.Forecast;
using HeapLedger.Cli.Reports;
using HeapLedger.Core.Events;
using HeapLedger.Core.Ledger;
using HeapLedger.Core.Reports;
using HeapLedger.Core.Statistics;
using HeapLedger.Core.Verdicts;
using HeapLedger.Detection.Detector;
using HeapLedger.Formats.Device;

namespace HeapLedger.Cli.Watch;

/// <summary>
/// Looks at the ledger whenever the reader has caught up with its source: prints a line when a
/// site's verdict changes or a guard or contract error arrives, and a one-line status now and then.
/// </summary>
internal sealed class WatchMonitor(AllocationLedger ledger, string source, string format, Func<DeviceStreamStats?> deviceStats, TextWriter output, TimeSpan statusInterval)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly TimeSpan EvaluateEvery = TimeSpan.FromMilliseconds(500);
    private const int LooksToConfirm = 2;
    private static readonly LeakDetector Detector = new();
    private readonly Dictionary<string, Verdict> verdicts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Verdict Verdict, int Looks)> candidates = new(StringComparer.Ordinal);
    private int findingsSeen;
    private DateTime lastEvaluation = DateTime.MinValue;
    private DateTime lastStatus = DateTime.UtcNow;
    private long lastStatusDeviceTime = -1;

    /// <summary>The device time at which a leak was first reported, if one was.</summary>
    public long? FirstLeakMilliseconds { get; private set; }

    /// <summary>The reader has handed out everything it has: look, at most twice a second.</summary>
    public void CaughtUp()
    {
        if (DateTime.UtcNow - lastEvaluation >= EvaluateEvery)
        {
            Look();
        }
    }

    /// <summary>
    /// The device sent a heap sample or a snapshot: look now, so that what is reported, and the
    /// device uptime it is reported at, do not depend on how fast the stream is replayed.
    /// </summary>
    public void DeviceHeartbeat() => Look();

    private void Look()
    {
        var now = DateTime.UtcNow;
        lastEvaluation = now;
        var report = Evaluate();
        if (now - lastStatus >= statusInterval && ledger.Milliseconds != lastStatusDeviceTime)
        {
            lastStatus = now;
            Status(report);
        }
    }

    /// <summary>A last look once the source has ended; returns the final report.</summary>
    public AnalysisReport Finish()
    {
        var report = Evaluate();
        return report with { Forecast = Status(report) };
    }

    private AnalysisReport Evaluate()
    {
        var report = ReportBuilder.Build(ledger, new Core.Reports.InputInfo(source, format, ledger.AllocationCount + ledger.FreeCount), atExit: false);
        foreach (var site in report.Sites)
        {
            var key = site.DisplayName;
            var had = verdicts.TryGetValue(key, out var before);
            if (had ? before == site.Verdict : site.Verdict != Verdict.Leak)
            {
                candidates.Remove(key);
                continue;
            }

            // A change is reported once it holds for two looks in a row: early on, with few
            // snapshots, a site can flicker across a threshold.
            var seen = candidates.TryGetValue(key, out var candidate) && candidate.Verdict == site.Verdict ? candidate.Looks + 1 : 1;
            candidates[key] = (site.Verdict, seen);
            if (seen < LooksToConfirm)
            {
                continue;
            }

            candidates.Remove(key);
            verdicts[key] = site.Verdict;
            if (site.Verdict == Verdict.Leak)
            {
                FirstLeakMilliseconds ??= ledger.Milliseconds;
            }

            var rate = site.GrowthBytesPerHour is { } perHour ? $"{ByteSize.Format(perHour)}/hour" : string.Create(Invariant, $"{site.GrowthBytesPerThousandAllocations:0.###} B/1000 allocs");
            var change = had ? $"{Name(before)} -> {Name(site.Verdict)}" : Name(site.Verdict);
            output.WriteLine(string.Create(Invariant,
                $"[{Uptime()}] {(site.Verdict == Verdict.Leak ? "LEAK" : "verdict")} {key}: {change}, {rate}, {ByteSize.Format(site.LiveBytes)} live in {site.LiveCount} allocations, confidence {site.Confidence:0.00}"));
        }

        foreach (var finding in report.Findings.Where(f => f.Kind != FindingKind.Leak).Skip(findingsSeen))
        {
            output.WriteLine($"[{Uptime()}] {Finding.KindName(finding.Kind).ToUpperInvariant()} {finding.Message}{(finding.Site is null ? string.Empty : $" (at {finding.Site})")}");
        }

        findingsSeen = report.Findings.Count(f => f.Kind != FindingKind.Leak);
        output.Flush();
        return report;
    }

    /// <summary>Prints the status line; returns the exhaustion forecast it gave, for a device.</summary>
    private ExhaustionForecast? Status(AnalysisReport report)
    {
        lastStatusDeviceTime = ledger.Milliseconds;
        var leaks = report.Sites.Count(s => s.Verdict == Verdict.Leak);
        var history = deviceStats()?.History.Points;
        ExhaustionForecast? forecast = null;
        if (history is { Count: > 0 })
        {
            // The project's one forecast (HeapForecast): free falls as fast as used heap rises.
            var last = history[^1];
            forecast = HeapForecast.FromHeapSamples(history, Detector);
            var trend = forecast.BytesPerHour is { } perHour ? $", free heap floor {(perHour >= 0 ? "-" : "+")}{ByteSize.Format(Math.Abs(perHour * 24))}/day" : string.Empty;
            var eta = forecast is { Verdict: ForecastVerdict.Leaking, ExhaustionInHours: { } hours } ? string.Create(Invariant, $", exhaustion in ~{hours / 24:0.#} days")
                : forecast.BytesPerHour is null ? string.Empty : ", no exhaustion in sight";
            output.WriteLine(string.Create(Invariant,
                $"[{Uptime()}] status: heap used {ByteSize.Format(last.HeapSize - last.Free)} of {ByteSize.Format(last.HeapSize)} (min free {ByteSize.Format(last.MinimumFree)}){trend}{eta}, {leaks} leaking sites"));
        }
        else
        {
            var (perThousand, perHour) = CheckEvaluator.OverallGrowth(report.Timeline);
            var trend = perHour is { } hourly ? $"{ByteSize.Format(hourly)}/hour" : string.Create(Invariant, $"{perThousand:0.###} B/1000 allocs");
            output.WriteLine($"[{Uptime()}] status: {ByteSize.Format(report.Summary.LiveBytesAtEnd)} live, floor trend {trend}, {leaks} leaking sites");
        }

        output.Flush();
        return forecast;
    }

    private string Uptime()
    {
        var time = TimeSpan.FromMilliseconds(ledger.Milliseconds);
        return string.Create(Invariant, $"{(int)time.TotalDays}d {time.Hours:00}:{time.Minutes:00}:{time.Seconds:00}");
    }

    private static string Name(Verdict verdict) => verdict.ToString().ToLowerInvariant();
}
