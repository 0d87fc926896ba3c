using System.Globalization;
using System.Text.Json;
using HeapLedger.Core.Reports;
using HeapLedger.Core.Statistics;
using HeapLedger.Core.Verdicts;

namespace HeapLedger.Cli.Check;

/// <summary>Turns a report, a budget and a baseline into the list of reasons to fail.</summary>
public static class CheckEvaluator
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static List<CheckFailure> Evaluate(AnalysisReport report, Budget? budget, JsonElement? baseline, double tolerancePercent)
    {
        var failures = new List<CheckFailure>();
        foreach (var site in report.Sites.Where(s => s.Verdict == Verdict.Leak))
        {
            var rate = site.GrowthBytesPerHour is { } perHour ? $"{perHour:0.#} bytes/hour, " : string.Empty;
            failures.Add(new CheckFailure("leak",
                string.Create(Invariant, $"{site.DisplayName} leaks: {rate}{site.GrowthBytesPerThousandAllocations:0.###} bytes per 1000 allocations, {site.LiveBytes} bytes live at the end (confidence {site.Confidence:0.00})"),
                site.File, site.Line));
        }

        foreach (var finding in report.Findings.Where(f => f.IsError))
        {
            var (file, line) = SourceOf(finding.Site);
            failures.Add(new CheckFailure(Core.Events.Finding.KindName(finding.Kind), $"{finding.Message}{(finding.Site is null ? string.Empty : $" (at {finding.Site})")}", file, line));
        }

        if (budget is not null)
        {
            CheckBudget(report, budget, failures);
        }

        if (baseline is { } before)
        {
            CheckBaseline(report, before, tolerancePercent, failures);
        }

        return failures;
    }

    /// <summary>The whole heap's floor growth: Theil–Sen over the timeline's floors.</summary>
    public static (double PerThousand, double? PerHour) OverallGrowth(Timeline timeline)
    {
        var y = timeline.LiveBytesFloor.Select(v => (double)v).ToArray();
        var perThousand = TheilSen.Slope(timeline.Allocations.Select(a => (double)a).ToArray(), y) * 1000;
        double? perHour = timeline.Seconds is { Count: > 1 } seconds && seconds[^1] > seconds[0]
            ? TheilSen.Slope(seconds.ToArray(), y) * 3600
            : null;
        return (perThousand, perHour);
    }

    private static void CheckBudget(AnalysisReport report, Budget budget, List<CheckFailure> failures)
    {
        if (budget.Overall is { } overall)
        {
            var (perThousand, perHour) = OverallGrowth(report.Timeline);
            Over("the whole heap", overall.BytesPerHour, perHour, overall.BytesPerThousandAllocations, perThousand, null, 0, failures);
        }

        foreach (var rule in budget.Sites)
        {
            foreach (var site in report.Sites.Where(s => Matches(rule.Match, s)))
            {
                Over(site.DisplayName, rule.BytesPerHour, site.GrowthBytesPerHour, rule.BytesPerThousandAllocations,
                    site.GrowthBytesPerThousandAllocations, site.File, site.Line, failures);
            }
        }
    }

    private static void Over(string what, double? hourLimit, double? perHour, double? thousandLimit, double perThousand, string? file, int line, List<CheckFailure> failures)
    {
        if (hourLimit is { } limit && perHour is { } rate && rate > limit)
        {
            failures.Add(new CheckFailure("budget", string.Create(Invariant, $"{what} grows {rate:0.#} bytes/hour, over its budget of {limit:0.#}"), file, line));
        }

        if (thousandLimit is { } thousand && perThousand > thousand)
        {
            failures.Add(new CheckFailure("budget", string.Create(Invariant, $"{what} grows {perThousand:0.###} bytes per 1000 allocations, over its budget of {thousand:0.###}"), file, line));
        }
    }

    private static bool Matches(string pattern, SiteReport site)
    {
        if (pattern == site.Function)
        {
            return true;
        }

        if (site.File is null)
        {
            return false;
        }

        var fileName = Path.GetFileName(site.File);
        return pattern == $"{site.File}:{site.Line}" || pattern == $"{fileName}:{site.Line}" || pattern == site.File || pattern == fileName;
    }

    /// <summary>
    /// Fails a site that grows faster than it did in the baseline by more than the tolerance
    /// (and by at least one byte per 1000 allocations), and a heap whose peak grew by more than it.
    /// Sites are matched by function and file, not line: lines move between builds.
    /// </summary>
    private static void CheckBaseline(AnalysisReport report, JsonElement baseline, double tolerancePercent, List<CheckFailure> failures)
    {
        var factor = 1 + (tolerancePercent / 100);
        var before = new Dictionary<(string?, string?), double>();
        foreach (var site in baseline.GetProperty("sites").EnumerateArray())
        {
            var key = (site.GetProperty("function").GetString(), FileName(site.GetProperty("file").GetString()));
            var rate = site.GetProperty("growthBytesPerThousandAllocations").GetDouble();
            before[key] = Math.Max(before.GetValueOrDefault(key), rate);
        }

        foreach (var site in report.Sites)
        {
            var old = before.GetValueOrDefault((site.Function, FileName(site.File)));
            var now = site.GrowthBytesPerThousandAllocations;
            if (now > Math.Max(old, 0) * factor && now - old >= 1)
            {
                failures.Add(new CheckFailure("baseline",
                    string.Create(Invariant, $"{site.DisplayName} grows {now:0.###} bytes per 1000 allocations, baseline {old:0.###}"),
                    site.File, site.Line));
            }
        }

        var oldPeak = baseline.GetProperty("summary").GetProperty("peakLiveBytes").GetInt64();
        if (report.Summary.PeakLiveBytes > oldPeak * factor)
        {
            failures.Add(new CheckFailure("baseline",
                string.Create(Invariant, $"peak live heap {report.Summary.PeakLiveBytes} bytes, baseline {oldPeak} (tolerance {tolerancePercent:0.#}%)"),
                null, 0));
        }
    }

    private static string? FileName(string? path) => path is null ? null : Path.GetFileName(path);

    /// <summary>"function file:line" back into file and line, for findings that name a site as text.</summary>
    private static (string? File, int Line) SourceOf(string? site)
    {
        if (site is null)
        {
            return (null, 0);
        }

        site = site.Replace(" (inlined)", string.Empty, StringComparison.Ordinal);
        var space = site.LastIndexOf(' ');
        var colon = site.LastIndexOf(':');
        return space >= 0 && colon > space && int.TryParse(site.AsSpan(colon + 1), NumberStyles.None, Invariant, out var line)
            ? (site[(space + 1)..colon], line)
            : (null, 0);
    }
}
