using System.Globalization;
using HeapLedger.Core.Events;
using HeapLedger.Core.Reports;
using HeapLedger.Core.Verdicts;

namespace HeapLedger.Cli.Reports;

/// <summary>The terminal report: leaks first with their evidence and stack, then the other verdicts.</summary>
public static class TextReportWriter
{
    private const int OtherSitesShown = 25;
    private const int StackFramesShown = 12;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(AnalysisReport report, TextWriter w)
    {
        var s = report.Summary;
        var duration = s.DurationSeconds is { } seconds ? string.Create(Invariant, $" over {seconds:0.###} s") : string.Empty;
        w.WriteLine(string.Create(Invariant, $"HeapLedger: {report.Input.Path} ({report.Input.Format}, {report.Input.Events:N0} events{duration})"));
        w.WriteLine(string.Create(Invariant,
            $"{s.Allocations:N0} allocations, {s.Frees:N0} frees, peak live {ByteSize.Format(s.PeakLiveBytes)}, live at end {ByteSize.Format(s.LiveBytesAtEnd)}"));
        if (ForecastText.Line(report) is { } forecast)
        {
            w.WriteLine(forecast);
        }

        w.WriteLine();

        var leaks = report.Sites.Where(x => x.Verdict == Verdict.Leak).ToList();
        if (leaks.Count == 0)
        {
            w.WriteLine("No leaking site: no call site's live memory keeps growing.");
        }
        else
        {
            w.WriteLine($"LEAKS ({leaks.Count}): live memory that keeps growing");
            for (var i = 0; i < leaks.Count; i++)
            {
                WriteLeak(w, i + 1, leaks[i], report.Timeline);
            }
        }

        WriteOthers(w, report.Sites.Where(x => x.Verdict != Verdict.Leak).ToList());
        WriteFindings(w, report.Findings.Where(f => f.Kind != FindingKind.Leak).ToList());
        if (report.AtExit is { } atExit)
        {
            WriteAtExit(w, atExit);
        }
    }

    private static void WriteLeak(TextWriter w, int number, SiteReport site, Timeline timeline)
    {
        w.WriteLine();
        w.WriteLine($"  {number}. {site.DisplayName}");
        var rate = site.GrowthBytesPerHour is { } perHour ? $"{ByteSize.Format(perHour)}/hour, " : string.Empty;
        var onset = site.OnsetAllocations is { } at && at > 0
            ? string.Create(Invariant, $", growing since allocation {at:N0} of {timeline.Allocations[^1]:N0}")
            : string.Empty;
        w.WriteLine(string.Create(Invariant,
            $"     growth {rate}{site.GrowthBytesPerThousandAllocations:0.###} bytes per 1000 allocations{onset}"));
        w.WriteLine(string.Create(Invariant,
            $"     live {ByteSize.Format(site.LiveBytes)} in {site.LiveCount:N0} allocations ({site.Allocations:N0} made, {site.Frees:N0} freed), confidence {site.Confidence:0.00}"));
        w.WriteLine("     stack:");
        foreach (var frame in site.Stack.Take(StackFramesShown))
        {
            w.WriteLine($"       {frame}");
        }

        if (site.Stack.Count > StackFramesShown)
        {
            w.WriteLine($"       ... {site.Stack.Count - StackFramesShown} more frames");
        }
    }

    private static void WriteOthers(TextWriter w, List<SiteReport> others)
    {
        if (others.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine("OTHER SITES");
        w.WriteLine($"  {"verdict",-10} {"live",11} {"peak",11} {"allocs",10} {"frees",10}  site");
        foreach (var site in others.Take(OtherSitesShown))
        {
            w.WriteLine(string.Create(Invariant,
                $"  {Name(site.Verdict),-10} {ByteSize.Format(site.LiveBytes),11} {ByteSize.Format(site.PeakLiveBytes),11} {site.Allocations,10:N0} {site.Frees,10:N0}  {site.DisplayName}"));
        }

        if (others.Count > OtherSitesShown)
        {
            w.WriteLine($"  ... {others.Count - OtherSitesShown} more sites (--format json lists them all)");
        }
    }

    private static void WriteFindings(TextWriter w, List<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine($"FINDINGS ({findings.Count})");
        foreach (var f in findings)
        {
            var where = f.Location is null ? string.Empty : $"{f.Location}: ";
            var site = f.Site is null ? string.Empty : $" (from {f.Site})";
            w.WriteLine($"  {Finding.KindName(f.Kind)}: {where}{f.Message}{site}");
        }
    }

    private static void WriteAtExit(TextWriter w, IReadOnlyList<SiteReport> atExit)
    {
        w.WriteLine();
        w.WriteLine("STILL LIVE AT EXIT (the heaptrack/valgrind view: what was not freed, growing or not)");
        if (atExit.Count == 0)
        {
            w.WriteLine("  nothing");
            return;
        }

        foreach (var site in atExit)
        {
            w.WriteLine(string.Create(Invariant,
                $"  {ByteSize.Format(site.LiveBytes),11} in {site.LiveCount,8:N0} allocations  {site.DisplayName}  [{Name(site.Verdict)}]"));
        }
    }

    private static string Name(Verdict verdict) => verdict.ToString().ToLowerInvariant();
}
