using HeapLedger.Cli.Tests.Support;

namespace HeapLedger.Cli.Tests;

/// <summary>Double and invalid frees recorded by glibc's mtrace are findings with their lines.</summary>
public sealed class FindingTests
{
    private static readonly Dictionary<string, string> NoTcache = new() { ["GLIBC_TUNABLES"] = "glibc.malloc.tcache_count=0" };

    [Theory]
    [InlineData("-O0")]
    [InlineData("-O2")]
    public void ADoubleFreeAndAFreeOfANeverAllocatedPointerAreReportedWithTheirLines(string optimisation)
    {
        var source = RepoPaths.Program("badfree.c");
        var log = TraceFactory.Mtrace(TraceFactory.Compile(source, optimisation), NoTcache);
        var traceLines = File.ReadAllLines(log);
        var run = CliRun.Of("analyze", log, "--format", "json");
        Assert.Equal(1, run.ExitCode);

        var findings = run.Json().RootElement.GetProperty("findings").EnumerateArray().ToList();
        var doubleFree = Assert.Single(findings, f => f.GetProperty("kind").GetString() == "double-free");
        var invalid = Assert.Single(findings, f => f.GetProperty("kind").GetString() == "invalid-free");
        Assert.Single(findings, f => f.GetProperty("kind").GetString() == "failed-realloc");

        // The location is the trace line of the offending free, and that line frees the same pointer twice.
        var doubleLine = LineNumber(doubleFree.GetProperty("location").GetString()!, log);
        var pointer = traceLines[doubleLine - 1].Split(' ')[^1];
        Assert.EndsWith($"- {pointer}", traceLines[doubleLine - 1]);
        var allocated = Array.FindLastIndex(traceLines, doubleLine - 1, l => l.Contains($" + {pointer} ", StringComparison.Ordinal));
        Assert.True(allocated >= 0, "the pointer was never allocated");
        Assert.Single(traceLines[(allocated + 1)..(doubleLine - 1)], l => l.EndsWith($"- {pointer}", StringComparison.Ordinal));

        // The site is the source line of the offending free, symbolized from the ELF.
        var sourceLines = File.ReadAllLines(source);
        var doubleFreeSource = Array.FindIndex(sourceLines, l => l.Contains("free(a); /* double free", StringComparison.Ordinal)) + 1;
        Assert.EndsWith($"badfree.c:{doubleFreeSource}", doubleFree.GetProperty("site").GetString());
        var invalidSource = Array.FindIndex(sourceLines, l => l.Contains("free(early);", StringComparison.Ordinal)) + 1;
        Assert.EndsWith($"badfree.c:{invalidSource}", invalid.GetProperty("site").GetString());
        Assert.Contains("never allocated", invalid.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheTextReportListsFindingsWithTheirTraceLines()
    {
        var log = TraceFactory.Mtrace(TraceFactory.Compile(RepoPaths.Program("badfree.c"), "-O0"), NoTcache);
        var run = CliRun.Of("analyze", log);
        Assert.Equal(1, run.ExitCode);
        Assert.Matches($@"double-free: .*{Path.GetFileName(log)}:\d+: free of 0x[0-9a-f]+, which was already freed", run.Out);
    }

    private static int LineNumber(string location, string log)
    {
        Assert.StartsWith(log + ":", location, StringComparison.Ordinal);
        return int.Parse(location[(log.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
