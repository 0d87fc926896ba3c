using HeapLedger.Core.Events;
using HeapLedger.Core.Ledger;
using HeapLedger.Core.Verdicts;

namespace HeapLedger.Core.Reports;

/// <summary>Judges every site of a completed ledger and assembles the report.</summary>
public static class ReportBuilder
{
    /// <summary>Sites whose series are kept for charts, besides every leak.</summary>
    private const int ChartedSites = 8;

    public static AnalysisReport Build(
        AllocationLedger ledger,
        InputInfo input,
        bool atExit,
        VerdictThresholds? thresholds = null,
        DeviceSummary? device = null)
    {
        ledger.Complete();
        var grid = ledger.Grid;
        var count = grid.Count;
        var endAllocations = grid.EndAllocations();
        long[]? endMilliseconds = ledger.HasTimestamps ? grid.EndMilliseconds() : null;

        var representative = RepresentativeStacks(ledger);
        var judged = new List<(SiteState Site, SiteJudgement Judgement, long[] Floors, long[] Peaks)>();
        foreach (var site in ledger.Sites)
        {
            if (site.Allocations == 0)
            {
                continue;
            }

            var floors = site.Series.Floors(count);
            var peaks = site.Series.Peaks(count);
            var evidence = new SiteEvidence(
                floors, peaks, endAllocations, endMilliseconds,
                site.Series.Value, site.LiveCount, site.Allocations, site.AllocatedBytes, site.PeakLiveCount,
                site.FirstEvent, site.LastEvent, site.LiveCountIntegral(ledger.AllocationCount), ledger.AllocationCount, site.Observations);
            judged.Add((site, VerdictEngine.Judge(evidence, thresholds), floors, peaks));
        }

        var ordered = judged
            .OrderBy(j => j.Judgement.Verdict == Verdict.Leak ? 0 : 1)
            .ThenByDescending(j => j.Judgement.Verdict == Verdict.Leak ? j.Judgement.GrowthBytesPerThousandAllocations : 0)
            .ThenByDescending(j => j.Site.Series.Value)
            .ThenByDescending(j => j.Site.PeakLiveBytes)
            .ThenBy(j => j.Site.Site.ToString(), StringComparer.Ordinal)
            .ToList();

        var charted = 0;
        var sites = new List<SiteReport>(ordered.Count);
        var findings = new List<Finding>();
        foreach (var (site, judgement, floors, peaks) in ordered)
        {
            var keepSeries = judgement.Verdict == Verdict.Leak || charted++ < ChartedSites;
            var report = ToReport(site, judgement, ledger.Stacks[representative[site]].Frames, keepSeries ? new SiteSeries(floors, peaks) : null);
            sites.Add(report);
            if (judgement.Verdict == Verdict.Leak)
            {
                var rate = judgement.GrowthBytesPerHour is { } perHour
                    ? $"{perHour:0.#} bytes/hour ({judgement.GrowthBytesPerThousandAllocations:0.###} bytes per 1000 allocations)"
                    : $"{judgement.GrowthBytesPerThousandAllocations:0.###} bytes per 1000 allocations";
                findings.Add(new Finding(FindingKind.Leak, report.DisplayName,
                    $"live memory keeps growing: {rate}, {report.LiveBytes} bytes in {report.LiveCount} allocations live at the end, confidence {judgement.Confidence:0.00}"));
            }
        }

        findings.AddRange(ledger.Findings);
        var totalFloors = ledger.Total.Floors(count);
        var totalPeaks = ledger.Total.Peaks(count);
        var timeline = new Timeline(
            endAllocations,
            endMilliseconds?.Select(ms => ms / 1000.0).ToArray(),
            totalFloors,
            totalPeaks);
        var summary = new ReportSummary(
            ledger.AllocationCount,
            ledger.FreeCount,
            ledger.PeakLiveBytes,
            ledger.LiveBytes,
            ledger.HasTimestamps ? ledger.Milliseconds / 1000.0 : null,
            sites.Count(s => s.Verdict == Verdict.Leak));
        var stillLive = atExit
            ? sites.Where(s => s.LiveBytes > 0).OrderByDescending(s => s.LiveBytes).ToList()
            : null;
        return new AnalysisReport(AnalysisReport.CurrentSchemaVersion, input, summary, sites, findings, timeline, stillLive, device);
    }

    private static SiteReport ToReport(SiteState site, SiteJudgement judgement, IReadOnlyList<Frame> stack, SiteSeries? series)
    {
        var leaf = site.Site;
        return new SiteReport(
            leaf.Function, leaf.File, leaf.Line, leaf.Module, stack,
            site.Allocations, site.Frees, site.LiveCount, site.Series.Value, site.PeakLiveBytes,
            judgement.Verdict, judgement.GrowthBytesPerHour, judgement.GrowthBytesPerThousandAllocations,
            judgement.Confidence, judgement.OnsetAllocations, series);
    }

    /// <summary>Per site, the stack holding the most live bytes at the end, else the busiest.</summary>
    private static Dictionary<SiteState, int> RepresentativeStacks(AllocationLedger ledger)
    {
        var best = new Dictionary<SiteState, int>();
        var stacks = ledger.Stacks;
        for (var i = 0; i < stacks.Count; i++)
        {
            var site = stacks[i].Site;
            if (!best.TryGetValue(site, out var current) || Better(stacks[i], stacks[current]))
            {
                best[site] = i;
            }
        }

        return best;

        static bool Better(StackState candidate, StackState current) =>
            candidate.LiveBytes != current.LiveBytes
                ? candidate.LiveBytes > current.LiveBytes
                : candidate.Allocations > current.Allocations;
    }
}
