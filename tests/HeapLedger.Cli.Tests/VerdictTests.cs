using HeapLedger.Cli.Tests.Support;

namespace HeapLedger.Cli.Tests;

/// <summary>
/// samples/patterns.c compiled at -O0 and -O2, recorded under heaptrack and under mtrace during
/// the test run: every site's verdict and line is asserted for both readers at both levels.
/// </summary>
public sealed class VerdictTests
{
    public static TheoryData<string, string> Recordings => new()
    {
        { "-O0", "heaptrack" },
        { "-O2", "heaptrack" },
        { "-O0", "mtrace" },
        { "-O2", "mtrace" },
    };

    [Theory]
    [MemberData(nameof(Recordings))]
    public void EverySiteOfThePatternsProgramGetsItsVerdictAndLine(string optimisation, string recorder)
    {
        var trace = PatternsTrace.Record(optimisation, recorder);
        AssertSite(trace, "config_load", "config_table = malloc(", "retained");
        AssertSite(trace, "cache_lookup", "struct cache_entry *entry = malloc(", "bounded");
        AssertSite(trace, "format_message", "char *buffer = malloc(32)", "temporary");
        AssertSite(trace, "format_message", "char *grown = realloc(buffer, 96)", "temporary");
        AssertSite(trace, "queue_push", "struct queue_item *item = malloc(", "bounded");
        AssertSite(trace, "modem_rx_frame", "struct frame *f = malloc(", "leak");
        AssertSite(trace, "history_append", "struct history_node *node = malloc(", "leak");
        AssertSite(trace, "session_open", "struct session *s = malloc(", "leak");
        Assert.Equal(1, trace.Run.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void OnlyThePlantedLeaksAreCalledLeaks(string optimisation, string recorder)
    {
        var trace = PatternsTrace.Record(optimisation, recorder);
        var leaking = trace.Report.GetProperty("sites").EnumerateArray()
            .Where(s => s.GetProperty("verdict").GetString() == "leak")
            .Select(s => s.GetProperty("function").GetString())
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["history_append", "modem_rx_frame", "session_open"], leaking);
        Assert.Equal(3, trace.Report.GetProperty("summary").GetProperty("leakingSites").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void TheLateLeakIsDatedToTheLastThirdOfTheRun(string optimisation, string recorder)
    {
        var trace = PatternsTrace.Record(optimisation, recorder);
        var late = Assert.Single(trace.SitesIn("session_open"));
        var total = trace.Report.GetProperty("summary").GetProperty("allocations").GetInt64();
        var onset = late.GetProperty("onsetAllocations").GetInt64();
        Assert.InRange(onset / (double)total, 0.55, 0.8);

        var early = Assert.Single(trace.SitesIn("history_append"));
        Assert.InRange(early.GetProperty("onsetAllocations").GetInt64() / (double)total, 0, 0.15);
    }

    [Fact]
    public void HeaptrackTimestampsGiveAGrowthPerHourAndMtraceDoesNot()
    {
        var timed = Assert.Single(PatternsTrace.Record("-O2", "heaptrack").SitesIn("history_append"));
        Assert.True(timed.GetProperty("growthBytesPerHour").GetDouble() > 0);
        Assert.True(timed.GetProperty("growthBytesPerThousandAllocations").GetDouble() > 0);

        var untimed = Assert.Single(PatternsTrace.Record("-O2", "mtrace").SitesIn("history_append"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, untimed.GetProperty("growthBytesPerHour").ValueKind);

        // One 56-byte node every 10 iterations, about 6 allocations per iteration: ~930 bytes per 1000.
        Assert.InRange(untimed.GetProperty("growthBytesPerThousandAllocations").GetDouble(), 700, 1200);
    }

    private static void AssertSite(PatternsTrace trace, string function, string sourceText, string verdict)
    {
        var line = trace.LineOf(sourceText);
        var sites = trace.SitesIn(function);
        var site = sites.SingleOrDefault(s => s.GetProperty("line").GetInt32() == line);
        Assert.True(site.ValueKind != System.Text.Json.JsonValueKind.Undefined,
            $"no site {function} at patterns.c:{line}; sites in {function}: " +
            string.Join(", ", sites.Select(s => $"{s.GetProperty("file").GetString()}:{s.GetProperty("line").GetInt32()}")));
        Assert.EndsWith("patterns.c", site.GetProperty("file").GetString());
        Assert.Equal(verdict, site.GetProperty("verdict").GetString());
        var confidence = site.GetProperty("confidence").GetDouble();
        Assert.InRange(confidence, 0, 1);
    }
}
