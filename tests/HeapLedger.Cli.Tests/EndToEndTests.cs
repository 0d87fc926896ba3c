using HeapLedger.Cli.Tests.Support;

namespace HeapLedger.Cli.Tests;

/// <summary>The command as a user runs it: the demo, the HTML of a real trace in a real browser, ELF lookup.</summary>
public sealed class EndToEndTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public void TheDemoAnalyzesTheCommittedSampleAndNamesItsThreeLeaks()
    {
        var run = CliRun.Of("demo", "--trace");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("LEAKS (3)", run.Out, StringComparison.Ordinal);
        foreach (var leak in new[] { "session_open ./patterns.c:", "history_append ./patterns.c:", "modem_rx_frame ./patterns.c:" })
        {
            Assert.Contains(leak, run.Out, StringComparison.Ordinal);
        }

        Assert.Matches(@"retained .* config_load \./patterns\.c:\d+", run.Out);
        Assert.Matches(@"bounded .* cache_lookup \./patterns\.c:\d+", run.Out);
    }

    [Fact]
    public void TheTextReportOfTheSampleMatchesItsSnapshot()
    {
        var sample = Path.GetRelativePath(Directory.GetCurrentDirectory(), RepoPaths.Sample("patterns.heaptrack.zst"));
        var run = CliRun.Of("analyze", sample);
        Assert.Equal(1, run.ExitCode);
        var snapshot = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "HeapLedger.Cli.Tests", "Snapshots", "patterns.txt"));
        Assert.Equal(snapshot.ReplaceLineEndings(), run.Out.Replace(sample, "samples/patterns.heaptrack.zst", StringComparison.Ordinal).ReplaceLineEndings());
    }

    [Fact]
    public async Task TheHtmlReportOfARealTraceRendersItsChartInChromium()
    {
        var trace = TraceFactory.Heaptrack(TraceFactory.Compile(RepoPaths.Sample("patterns.c"), "-O2"));
        var html = Path.Combine(TraceFactory.WorkDirectory, "patterns-O2.html");
        var run = CliRun.Of("analyze", trace, "--format", "html", "--output", html, "--at-exit");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Out);

        await using var page = await ChromiumPage.OpenAsync(chromium.Browser, html);
        Assert.Empty(page.Errors);
        var chart = page.Page.Locator("svg#live-bytes-chart");
        Assert.True(await chart.IsVisibleAsync());
        var box = await chart.BoundingBoxAsync();
        Assert.True(box is { Width: > 200, Height: > 100 }, "the chart has no size");
        var series = page.Page.Locator("svg#live-bytes-chart path.series");
        Assert.True(await series.CountAsync() >= 3);
        var sites = await series.EvaluateAllAsync<string[]>("paths => paths.map(p => p.getAttribute('data-site'))");
        Assert.Contains(sites, s => s.Contains("history_append", StringComparison.Ordinal));
        Assert.All(page.Requests, r => Assert.True(r.StartsWith("file://", StringComparison.Ordinal) || r.StartsWith("data:", StringComparison.Ordinal), r));
    }

    [Fact]
    public void AnMtraceOfAMovedProgramIsSymbolizedWithElfOrSysrootAndDegradesWithoutThem()
    {
        var binary = TraceFactory.Compile(RepoPaths.Sample("patterns.c"), "-O0", "-DMOVED_COPY");
        var log = TraceFactory.Mtrace(binary, null, "3000");
        var moved = Directory.CreateTempSubdirectory("heapledger-moved-").FullName;
        try
        {
            // The ELF is no longer where the trace says it was.
            var elf = Path.Combine(moved, Path.GetFileName(binary));
            File.Copy(binary, elf);
            var hidden = binary + ".away";
            File.Move(binary, hidden);
            try
            {
                var without = CliRun.Of("analyze", log, "--format", "json");
                Assert.Contains("no such file", without.Error, StringComparison.Ordinal);
                Assert.Contains(without.Json().RootElement.GetProperty("sites").EnumerateArray(),
                    s => s.GetProperty("function").ValueKind == System.Text.Json.JsonValueKind.Null);

                var withElf = CliRun.Of("analyze", log, "--format", "json", "--elf", elf);
                Assert.Contains(withElf.Json().RootElement.GetProperty("sites").EnumerateArray(),
                    s => s.GetProperty("function").GetString() == "history_append");

                var sysroot = Path.Combine(moved, "root");
                var underRoot = Path.Combine(sysroot, binary.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(underRoot)!);
                File.Copy(hidden, underRoot);
                var withSysroot = CliRun.Of("analyze", log, "--format", "json", "--sysroot", sysroot);
                Assert.Contains(withSysroot.Json().RootElement.GetProperty("sites").EnumerateArray(),
                    s => s.GetProperty("function").GetString() == "history_append");
            }
            finally
            {
                File.Move(hidden, binary);
            }
        }
        finally
        {
            Directory.Delete(moved, recursive: true);
        }
    }
}
