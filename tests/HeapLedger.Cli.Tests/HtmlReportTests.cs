using System.Text.RegularExpressions;
using HeapLedger.Cli.Reports;
using HeapLedger.Cli.Tests.Support;
using HeapLedger.Core.Events;
using HeapLedger.Core.Reports;
using HeapLedger.Core.Verdicts;

namespace HeapLedger.Cli.Tests;

/// <summary>The HTML report, opened in a real headless Chromium the way a person would open it.</summary>
public sealed partial class HtmlReportTests : IClassFixture<ChromiumFixture>, IDisposable
{
    private const int Spans = 120;
    private const string EscapedFunction = "std::vector<T>& Registry<T>::entries()";
    private const string BeaconMarkup = "<img src=\"http://198.51.100.7/beacon.png\">";

    private static readonly SiteReport Leak = Site(
        "modem_rx_copy", "drivers/modem/modem_rx.c", 212, Verdict.Leak, liveCount: 84, liveBytes: 53_760,
        floor: i => i < 36 ? 0 : (i - 36) * 640L, peak: i => (i < 36 ? 0 : (i - 36) * 640L) + 1_536, onset: 90_000);

    private static readonly SiteReport Queue = Site(
        "uplink_queue_push", "net/uplink_queue.c", 88, Verdict.Bounded, liveCount: 3, liveBytes: 9_216,
        floor: i => i % 10 * 3_072L, peak: i => (i % 10 * 3_072L) + 3_072);

    private static readonly SiteReport Config = Site(
        "config_load", "app/config.c", 41, Verdict.Retained, liveCount: 3, liveBytes: 24_576,
        floor: i => Math.Min(i, 3) * 8_192L, peak: i => Math.Min(i, 3) * 8_192L);

    private static readonly SiteReport Registry = Site(
        EscapedFunction, "include/R&D/registry.hpp", 57, Verdict.Temporary, liveCount: 0, liveBytes: 0,
        floor: _ => 0, peak: i => 256 + (i % 3 * 128L));

    private static readonly SiteReport Logging = Site(
        "log_format", "app/log.c", 19, Verdict.Ok, liveCount: 0, liveBytes: 0, floor: null, peak: null);

    private static readonly SiteReport[] ChartedSites = [Leak, Queue, Config, Registry];

    private readonly ChromiumFixture chromium;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "heapledger-html-" + Guid.NewGuid().ToString("N"));

    public HtmlReportTests(ChromiumFixture chromium)
    {
        this.chromium = chromium;
        Directory.CreateDirectory(directory);
    }

    [Fact]
    public async Task TheReportLoadsWithoutErrorsAndFetchesNothing()
    {
        await using var page = await OpenAsync(SampleReport(withTimestamps: true, withAtExit: true));

        Assert.Empty(page.Errors);
        Assert.NotEmpty(page.Requests);
        Assert.All(page.Requests, url => Assert.True(
            url == page.Address.AbsoluteUri || url.StartsWith("data:", StringComparison.Ordinal),
            $"The report requested {url}; it must not load anything but itself."));
    }

    [Fact]
    public async Task TheChartRendersOneLinePerTopSite()
    {
        await using var page = await OpenAsync(SampleReport(withTimestamps: true, withAtExit: false));

        var chart = page.Page.Locator("svg#live-bytes-chart");
        Assert.True(await chart.IsVisibleAsync());
        var box = await chart.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width > 300 && box.Height > 150, $"The chart is {box.Width}x{box.Height} px.");

        var lines = chart.Locator("path.series");
        Assert.Equal(ChartedSites.Length, await lines.CountAsync());
        var plotted = new List<string>();
        for (var i = 0; i < ChartedSites.Length; i++)
        {
            var line = lines.Nth(i);
            plotted.Add(await line.GetAttributeAsync("data-site") ?? string.Empty);
            var points = PathPoint().Matches(await line.GetAttributeAsync("d") ?? string.Empty).Count;
            Assert.True(points >= Spans, $"Line {i} has {points} points for {Spans} spans.");
        }

        Assert.Equal(ChartedSites.Select(site => site.DisplayName).Order(StringComparer.Ordinal), plotted.Order(StringComparer.Ordinal));
        Assert.Equal(Leak.DisplayName, plotted[0]);
    }

    [Fact]
    public async Task TheLegendNamesTheLeakingSite()
    {
        await using var page = await OpenAsync(SampleReport(withTimestamps: true, withAtExit: false));

        var legend = await page.Page.Locator("ul.legend").InnerTextAsync();

        Assert.Contains(Leak.DisplayName, legend, StringComparison.Ordinal);
        Assert.DoesNotContain(Logging.DisplayName, legend, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTimeAxisIsLabelledWithItsUnit()
    {
        await using var timed = await OpenAsync(SampleReport(withTimestamps: true, withAtExit: false));
        await using var untimed = await OpenAsync(SampleReport(withTimestamps: false, withAtExit: false));

        Assert.Equal("Trace time (hours)", await timed.Page.Locator("#live-bytes-chart .axis-title").TextContentAsync());
        Assert.Equal("Allocation events (thousands)", await untimed.Page.Locator("#live-bytes-chart .axis-title").TextContentAsync());
        Assert.Equal(ChartedSites.Length, await untimed.Page.Locator("#live-bytes-chart path.series").CountAsync());
    }

    [Fact]
    public async Task TheSiteTableHasARowPerSiteWithLeaksFirst()
    {
        await using var page = await OpenAsync(SampleReport(withTimestamps: true, withAtExit: false));

        var rows = page.Page.Locator("table.sites tbody tr");
        Assert.Equal(5, await rows.CountAsync());
        var verdicts = await page.Page.Locator("table.sites tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(["leak", "bounded", "retained", "temporary", "ok"], verdicts);

        var leakRow = await rows.First.InnerTextAsync();
        Assert.Contains("modem_rx_copy", leakRow, StringComparison.Ordinal);
        Assert.Contains("drivers/modem/modem_rx.c:212", leakRow, StringComparison.Ordinal);
        Assert.Equal("52.5 KiB", await rows.First.Locator("td[title='53,760 bytes']").InnerTextAsync());
    }

    [Fact]
    public async Task TheLeakStackListsEveryFrame()
    {
        await using var page = await OpenAsync(SampleReport(withTimestamps: true, withAtExit: false));

        var frames = await page.Page.Locator("#leak-stacks ol.stack li").AllInnerTextsAsync();

        Assert.Equal(Leak.Stack.Count, frames.Count);
        Assert.StartsWith("modem_rx_copy drivers/modem/modem_rx.c:212", frames[0], StringComparison.Ordinal);
        Assert.Equal("0x400d2f1c in libmodem.a", frames[^1]);
    }

    [Fact]
    public async Task TextFromTheTraceIsShownAsTextNeverAsMarkup()
    {
        await using var page = await OpenAsync(SampleReport(withTimestamps: true, withAtExit: true));

        var table = await page.Page.Locator("table.sites").InnerTextAsync();
        Assert.Contains(EscapedFunction, table, StringComparison.Ordinal);
        Assert.Contains("include/R&D/registry.hpp:57", table, StringComparison.Ordinal);
        Assert.Contains(BeaconMarkup, await page.Page.Locator("table.findings").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Page.Locator("img").CountAsync());
    }

    [Fact]
    public async Task TheAtExitSectionAppearsOnlyWhenTheReportHasOne()
    {
        await using var with = await OpenAsync(SampleReport(withTimestamps: true, withAtExit: true));
        await using var without = await OpenAsync(SampleReport(withTimestamps: true, withAtExit: false));

        var section = with.Page.Locator("section#at-exit");
        Assert.True(await section.IsVisibleAsync());
        Assert.Equal("Still live at exit (the heaptrack/valgrind view)", await section.Locator("h2").InnerTextAsync());
        Assert.Equal(3, await section.Locator("tbody tr").CountAsync());
        Assert.Equal(0, await without.Page.Locator("#at-exit").CountAsync());
        Assert.DoesNotContain("Still live at exit", await without.Page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScreenshotOfTheReportIsNotBlank()
    {
        await using var page = await OpenAsync(SampleReport(withTimestamps: true, withAtExit: true));
        var screenshot = Path.Combine(directory, "report.png");

        await page.Page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });

        var size = new FileInfo(screenshot).Length;
        Assert.True(size > 10 * 1024, $"The screenshot is only {size} bytes.");
    }

    [Fact]
    public async Task AnEmptyTraceStillMakesAReadablePage()
    {
        var empty = new AnalysisReport(
            AnalysisReport.CurrentSchemaVersion,
            new InputInfo("empty.trace", "mtrace", 0),
            new ReportSummary(0, 0, 0, 0, null, 0),
            Sites: [],
            Findings: [],
            new Timeline([], null, [], []),
            AtExit: []);

        await using var page = await OpenAsync(empty);

        Assert.Empty(page.Errors);
        Assert.Equal("No site is leaking.", await page.Page.Locator("p.headline").InnerTextAsync());
        Assert.Equal(0, await page.Page.Locator("#live-bytes-chart").CountAsync());
        Assert.True(await page.Page.Locator("section#at-exit").IsVisibleAsync());
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task<ChromiumPage> OpenAsync(AnalysisReport report)
    {
        var path = Path.Combine(directory, $"report-{Guid.NewGuid():N}.html");
        using (var writer = new StreamWriter(path))
        {
            HtmlReportWriter.Write(report, writer);
        }

        return await ChromiumPage.OpenAsync(chromium.Browser, path);
    }

    /// <summary>
    /// A gateway firmware's twenty-hour soak: a driver buffer that leaks from a third of the way in,
    /// an uplink queue flushed in batches, configuration kept for life, a short-lived C++ lookup and
    /// a logger that frees everything (no series kept for it).
    /// </summary>
    private static AnalysisReport SampleReport(bool withTimestamps, bool withAtExit)
    {
        var sites = new[] { Queue, Leak, Config, Registry, Logging };
        var charted = sites.Where(site => site.Series is not null).ToList();
        var floor = Enumerable.Range(0, Spans).Select(i => 65_536 + charted.Sum(site => site.Series!.LiveBytesFloor[i])).ToList();
        var peak = Enumerable.Range(0, Spans).Select(i => 65_536 + charted.Sum(site => site.Series!.LiveBytesPeak[i])).ToList();
        var timeline = new Timeline(
            Allocations: [.. Enumerable.Range(1, Spans).Select(i => i * 2_500L)],
            Seconds: withTimestamps ? [.. Enumerable.Range(1, Spans).Select(i => i * 600.0)] : null,
            LiveBytesFloor: floor,
            LiveBytesPeak: peak);
        Finding[] findings =
        [
            new(FindingKind.Leak, Leak.DisplayName, "Live bytes rise 2.7 KiB per hour from allocation 90,000 on."),
            new(FindingKind.DoubleFree, "uplink_flush net/uplink_queue.c:120", "Block 0x3ffb2040 freed twice.", "gateway.trace:48213"),
            new(FindingKind.InvalidFree, null, $"Free of 0x1, which was never allocated {BeaconMarkup}", "gateway.trace:50007"),
        ];
        return new AnalysisReport(
            AnalysisReport.CurrentSchemaVersion,
            new InputInfo("/var/log/gateway/soak-72h.trace", "heapledger", 612_345),
            new ReportSummary(300_000, 299_910, peak.Max(), peak[^1], withTimestamps ? Spans * 600.0 : null, LeakingSites: 1),
            sites,
            findings,
            timeline,
            withAtExit ? [Leak, Config, Queue] : null);
    }

    private static SiteReport Site(
        string function, string file, int line, Verdict verdict, long liveCount, long liveBytes,
        Func<int, long>? floor, Func<int, long>? peak, long? onset = null)
    {
        Frame[] stack =
        [
            new(function, file, line, "gateway.elf", 0x400d1a2c),
            new("rx_dispatch", "drivers/modem/dispatch.c", 77, "gateway.elf", 0x400d1b40, Inlined: true),
            new("modem_task", "app/modem_task.c", 130, "gateway.elf", 0x400d1c88),
            new(null, null, 0, "libmodem.a", 0x400d2f1c),
        ];
        var series = floor is null || peak is null
            ? null
            : new SiteSeries([.. Enumerable.Range(0, Spans).Select(floor)], [.. Enumerable.Range(0, Spans).Select(peak)]);
        var allocations = 1_000 + (liveCount * 25);
        return new SiteReport(
            function, file, line, "gateway.elf", stack, allocations, allocations - liveCount, liveCount, liveBytes,
            series?.LiveBytesPeak.Max() ?? 4_096, verdict,
            GrowthBytesPerHour: verdict == Verdict.Leak ? 2_764.8 : 0,
            GrowthBytesPerThousandAllocations: verdict == Verdict.Leak ? 186.7 : 0,
            Confidence: verdict == Verdict.Leak ? 0.97 : 0.9,
            OnsetAllocations: onset,
            Series: series);
    }

    [GeneratedRegex(@"[ML]-?\d")]
    private static partial Regex PathPoint();
}
