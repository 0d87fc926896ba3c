using System.Globalization;
using System.Text;
using HeapLedger.Core.Reports;
using HeapLedger.Core.Verdicts;

namespace HeapLedger.Cli.Reports;

/// <summary>
/// The report's chart as inline SVG, drawn here so the page needs no script: the whole heap on
/// top, the top sites below on their own scale (a leak of a few KiB would be a flat line against
/// a heap of MiB), both over the same x axis. Each site is its floor as a line, shaded up to its
/// peak, because a leak raises the floor while a sawtooth keeps returning to it.
/// </summary>
internal static class HtmlLiveBytesChart
{
    public const int MaxSites = 8;

    private const double Width = 960;
    private const double Left = 72;
    private const double Right = 20;
    private const double HeapTop = 34;
    private const double HeapHeight = 140;
    private const double SitesTop = HeapTop + HeapHeight + 52;
    private const double SitesHeight = 240;
    private const double Height = SitesTop + SitesHeight + 54;
    private const double PlotWidth = Width - Left - Right;

    // Leaks take the warm colours so they stand out; everything else shares the cool ones.
    private static readonly string[] LeakColours = ["#dc2626", "#ea580c", "#be185d", "#a16207"];
    private static readonly string[] OtherColours =
        ["#2563eb", "#0d9488", "#7c3aed", "#0891b2", "#4d7c0f", "#64748b", "#c026d3", "#1e40af"];

    /// <summary>The sites worth a line: those with a series, leaks first, then by peak live bytes.</summary>
    public static IReadOnlyList<SiteReport> TopSites(AnalysisReport report) =>
        [.. report.Sites
            .Where(site => site.Series is not null)
            .OrderBy(site => site.Verdict == Verdict.Leak ? 0 : 1)
            .ThenByDescending(site => site.PeakLiveBytes)
            .Take(MaxSites)];

    public static void Write(TextWriter output, AnalysisReport report)
    {
        var timeline = report.Timeline;
        var points = Math.Min(timeline.Allocations.Count, Math.Min(timeline.LiveBytesFloor.Count, timeline.LiveBytesPeak.Count));
        if (points == 0)
        {
            output.WriteLine("<p class=\"empty\">The trace has no timeline to chart.</p>");
            return;
        }

        var useTime = timeline.Seconds is { } seconds && seconds.Count >= points;
        var xs = new double[points];
        for (var i = 0; i < points; i++)
        {
            xs[i] = useTime ? timeline.Seconds![i] : timeline.Allocations[i];
        }

        var xAxis = useTime ? HtmlChartAxis.Time(xs.Min(), xs.Max()) : HtmlChartAxis.AllocationEvents(xs.Min(), xs.Max());
        var sites = TopSites(report);
        var colours = AssignColours(sites);

        output.WriteLine(Svg($"<svg id=\"live-bytes-chart\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-labelledby=\"live-bytes-chart-title\">"));
        output.WriteLine("<title id=\"live-bytes-chart-title\">Live memory over time: the whole heap and the top sites</title>");

        var heapAxis = HtmlChartAxis.Bytes(timeline.LiveBytesPeak.Take(points).DefaultIfEmpty(0).Max());
        var heap = new Panel(xAxis, heapAxis, HeapTop, HeapHeight);
        WriteFrame(output, heap, "Whole heap \u2014 live memory, shaded from floor to peak", xLabels: false);
        output.WriteLine($"<path class=\"heap-band\" d=\"{Band(heap, xs, timeline.LiveBytesFloor, timeline.LiveBytesPeak, points)}\"><title>Whole heap: lowest to highest live bytes in each span</title></path>");
        output.WriteLine($"<path class=\"heap-floor\" d=\"{Line(heap, xs, timeline.LiveBytesFloor, points)}\"><title>Whole heap: floor (lowest live bytes in each span)</title></path>");

        var sitesMax = sites.SelectMany(site => site.Series!.LiveBytesPeak.Take(PointsOf(site.Series, points))).DefaultIfEmpty(0).Max();
        var sitesPanel = new Panel(xAxis, HtmlChartAxis.Bytes(sitesMax), SitesTop, SitesHeight);
        WriteFrame(output, sitesPanel, sites.Count == 0
            ? "Top sites \u2014 no site kept a series"
            : "Top sites \u2014 floor as a line, shaded up to the peak", xLabels: true);

        // Bands first so that no site's shading covers another site's line.
        for (var i = 0; i < sites.Count; i++)
        {
            var series = sites[i].Series!;
            output.WriteLine($"<path class=\"series-band\" fill=\"{colours[i]}\" d=\"{Band(sitesPanel, xs, series.LiveBytesFloor, series.LiveBytesPeak, PointsOf(series, points))}\"/>");
        }

        for (var i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            var series = site.Series!;
            var count = PointsOf(series, points);
            var name = HtmlText.Encode(site.DisplayName);
            var verdict = HtmlText.VerdictName(site.Verdict);
            var width = site.Verdict == Verdict.Leak ? "2.5" : "1.75";
            output.WriteLine($"<path class=\"series\" data-site=\"{name}\" data-verdict=\"{verdict}\" stroke=\"{colours[i]}\" stroke-width=\"{width}\" d=\"{Line(sitesPanel, xs, series.LiveBytesFloor, count)}\"><title>{name} ({verdict})</title></path>");
            WriteOnset(output, sitesPanel, timeline, useTime, site, colours[i]);
        }

        output.WriteLine(Svg($"<text class=\"axis-title\" x=\"{Left + (PlotWidth / 2)}\" y=\"{Height - 10}\" text-anchor=\"middle\">{HtmlText.Encode(xAxis.Title)}</text>"));
        output.WriteLine("</svg>");
        WriteLegend(output, sites, colours);
    }

    /// <summary>How many of a site's points fall on the timeline (a short series is drawn as far as it goes).</summary>
    private static int PointsOf(SiteSeries series, int timelinePoints) =>
        Math.Min(timelinePoints, Math.Min(series.LiveBytesFloor.Count, series.LiveBytesPeak.Count));

    private static string[] AssignColours(IReadOnlyList<SiteReport> sites)
    {
        var colours = new string[sites.Count];
        int leaks = 0, others = 0;
        for (var i = 0; i < sites.Count; i++)
        {
            colours[i] = sites[i].Verdict == Verdict.Leak
                ? LeakColours[leaks++ % LeakColours.Length]
                : OtherColours[others++ % OtherColours.Length];
        }

        return colours;
    }

    private static void WriteFrame(TextWriter output, Panel panel, string title, bool xLabels)
    {
        var bottom = panel.Top + panel.Height;
        output.WriteLine(Svg($"<text class=\"panel-title\" x=\"{Left}\" y=\"{panel.Top - 12}\">{HtmlText.Encode(title)}</text>"));
        output.WriteLine(Svg($"<text class=\"axis-unit\" x=\"{Left - 8}\" y=\"{panel.Top - 12}\" text-anchor=\"end\">{HtmlText.Encode(panel.Y.UnitName)}</text>"));
        output.WriteLine("<g class=\"grid\">");
        foreach (var tick in panel.Y.Ticks())
        {
            var y = panel.MapY(tick);
            output.WriteLine(Svg($"<line x1=\"{Left}\" x2=\"{Left + PlotWidth}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>"));
        }

        foreach (var tick in panel.X.Ticks())
        {
            var x = panel.MapX(tick);
            output.WriteLine(Svg($"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{panel.Top}\" y2=\"{bottom}\"/>"));
        }

        output.WriteLine("</g>");
        output.WriteLine(Svg($"<rect class=\"plot-frame\" x=\"{Left}\" y=\"{panel.Top}\" width=\"{PlotWidth}\" height=\"{panel.Height}\"/>"));
        output.WriteLine("<g class=\"tick-labels\">");
        foreach (var tick in panel.Y.Ticks())
        {
            output.WriteLine(Svg($"<text x=\"{Left - 8}\" y=\"{panel.MapY(tick) + 4:0.#}\" text-anchor=\"end\">{panel.Y.Label(tick)}</text>"));
        }

        if (xLabels)
        {
            foreach (var tick in panel.X.Ticks())
            {
                output.WriteLine(Svg($"<text x=\"{panel.MapX(tick):0.#}\" y=\"{bottom + 18}\" text-anchor=\"middle\">{panel.X.Label(tick)}</text>"));
            }
        }

        output.WriteLine("</g>");
    }

    /// <summary>A dashed mark where a leak's floor began to rise, when the analysis found it.</summary>
    private static void WriteOnset(TextWriter output, Panel panel, Timeline timeline, bool useTime, SiteReport site, string colour)
    {
        if (site.Verdict != Verdict.Leak || site.OnsetAllocations is not { } onset)
        {
            return;
        }

        var at = useTime ? SecondsAt(timeline, onset) : onset;
        if (at < panel.X.Min || at > panel.X.Max)
        {
            return;
        }

        var x = panel.MapX(at);
        var title = HtmlText.Encode($"{site.DisplayName}: growth starts at allocation {HtmlText.Count(onset)}");
        output.WriteLine(Svg($"<line class=\"onset\" stroke=\"{colour}\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{panel.Top}\" y2=\"{panel.Top + panel.Height}\"><title>{title}</title></line>"));
    }

    /// <summary>The trace clock at an allocation count, interpolated between timeline points.</summary>
    private static double SecondsAt(Timeline timeline, long allocations)
    {
        var seconds = timeline.Seconds!;
        var previousCount = 0L;
        var previousSeconds = seconds[0];
        for (var i = 0; i < timeline.Allocations.Count && i < seconds.Count; i++)
        {
            if (timeline.Allocations[i] >= allocations)
            {
                var span = timeline.Allocations[i] - previousCount;
                var fraction = span > 0 ? (double)(allocations - previousCount) / span : 1;
                return previousSeconds + ((seconds[i] - previousSeconds) * fraction);
            }

            previousCount = timeline.Allocations[i];
            previousSeconds = seconds[i];
        }

        return previousSeconds;
    }

    private static void WriteLegend(TextWriter output, IReadOnlyList<SiteReport> sites, string[] colours)
    {
        if (sites.Count == 0)
        {
            return;
        }

        output.WriteLine("<ul class=\"legend\">");
        for (var i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            var growth = site.GrowthBytesPerHour is { } perHour
                ? $" \u00b7 {HtmlText.SignedBytes(perHour)}/h"
                : string.Empty;
            output.WriteLine(
                $"<li><span class=\"swatch\" style=\"background:{colours[i]}\"></span>{HtmlText.VerdictBadge(site.Verdict)} " +
                $"<span class=\"legend-name\">{HtmlText.Encode(site.DisplayName)}</span>" +
                $"<span class=\"legend-stats\">peak {HtmlText.Bytes(site.PeakLiveBytes)}{growth}</span></li>");
        }

        output.WriteLine("</ul>");
    }

    private static string Line(Panel panel, double[] xs, IReadOnlyList<long> values, int count)
    {
        var path = new StringBuilder(count * 14);
        for (var i = 0; i < count; i++)
        {
            AppendPoint(path, i == 0 ? 'M' : 'L', panel.MapX(xs[i]), panel.MapY(values[i]));
        }

        return path.ToString();
    }

    private static string Band(Panel panel, double[] xs, IReadOnlyList<long> floor, IReadOnlyList<long> peak, int count)
    {
        if (count == 0)
        {
            return string.Empty;
        }

        var path = new StringBuilder(count * 28);
        for (var i = 0; i < count; i++)
        {
            AppendPoint(path, i == 0 ? 'M' : 'L', panel.MapX(xs[i]), panel.MapY(peak[i]));
        }

        for (var i = count - 1; i >= 0; i--)
        {
            AppendPoint(path, 'L', panel.MapX(xs[i]), panel.MapY(floor[i]));
        }

        return path.Append('Z').ToString();
    }

    private static void AppendPoint(StringBuilder path, char command, double x, double y) =>
        path.Append(command)
            .Append(x.ToString("0.#", CultureInfo.InvariantCulture))
            .Append(',')
            .Append(y.ToString("0.#", CultureInfo.InvariantCulture));

    /// <summary>Formats an SVG fragment with invariant numbers (a decimal comma would break coordinates).</summary>
    private static string Svg(FormattableString fragment) => fragment.ToString(CultureInfo.InvariantCulture);

    private sealed record Panel(HtmlChartAxis X, HtmlChartAxis Y, double Top, double Height)
    {
        public double MapX(double value) => Left + (X.Fraction(value) * PlotWidth);

        public double MapY(double value) => Top + Height - (Y.Fraction(value) * Height);
    }
}
