using System.Text.Json;
using HeapLedger.Cli.Tests.Support;

namespace HeapLedger.Cli.Tests;

/// <summary><c>heapledger check</c>, the CI gate: leaks, budgets, baselines and SARIF.</summary>
public sealed class CheckTests
{
    private static string Patterns => TraceFactory.Heaptrack(TraceFactory.Compile(RepoPaths.Sample("patterns.c"), "-O2"));

    private static string Steady => TraceFactory.Heaptrack(TraceFactory.Compile(RepoPaths.Program("steady.c"), "-O2"));

    [Fact]
    public void AProgramThatHoldsMemoryWithoutLeakingPasses()
    {
        var run = CliRun.Of("check", Steady);
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.StartsWith("PASS ", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ALeakingProgramFailsAndItsSarifPointsAtEachLeakingLine()
    {
        var sarif = Path.Combine(TraceFactory.WorkDirectory, "patterns.sarif");
        var run = CliRun.Of("check", Patterns, "--sarif", sarif);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(3, run.Out.Split('\n').Count(l => l.StartsWith("FAIL leak: ", StringComparison.Ordinal)));

        using var document = JsonDocument.Parse(File.ReadAllText(sarif));
        var root = document.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        var sarifRun = Assert.Single(root.GetProperty("runs").EnumerateArray());
        Assert.Equal("HeapLedger", sarifRun.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        var rules = sarifRun.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        var source = File.ReadAllLines(RepoPaths.Sample("patterns.c"));
        var expected = new[] { "struct session *s = malloc(", "struct history_node *node = malloc(", "struct frame *f = malloc(" }
            .Select(text => Array.FindIndex(source, l => l.Contains(text, StringComparison.Ordinal)) + 1)
            .Order()
            .ToList();
        var results = sarifRun.GetProperty("results").EnumerateArray().ToList();
        Assert.All(results, r => Assert.Equal(rules[r.GetProperty("ruleIndex").GetInt32()], r.GetProperty("ruleId").GetString()));
        var lines = results
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation"))
            .Select(p => (Uri: p.GetProperty("artifactLocation").GetProperty("uri").GetString()!, Line: p.GetProperty("region").GetProperty("startLine").GetInt32()))
            .ToList();
        Assert.All(lines, l => Assert.EndsWith("patterns.c", l.Uri));
        Assert.Equal(expected, lines.Select(l => l.Line).Order().ToList());
    }

    [Fact]
    public void ASiteOverItsBudgetFailsAndOneWithinItDoesNot()
    {
        var budget = Path.Combine(TraceFactory.WorkDirectory, "budget.json");
        File.WriteAllText(budget, """
            {
              // bytes per 1000 allocations; the steady program's session table grows by none once full
              "overall": { "bytesPerThousandAllocations": 100000 },
              "sites": [
                { "match": "session_replace", "bytesPerThousandAllocations": 0.5 },
                { "match": "scratch", "bytesPerThousandAllocations": -1 }
              ]
            }
            """);
        var run = CliRun.Of("check", Steady, "--budget", budget);
        Assert.Equal(1, run.ExitCode);
        var failures = run.Out.Split('\n').Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal)).ToList();
        var failure = Assert.Single(failures);
        Assert.StartsWith("FAIL budget: scratch ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void GrowthBeyondTheBaselineFails()
    {
        var baseline = Path.Combine(TraceFactory.WorkDirectory, "steady-baseline.json");
        var analyze = CliRun.Of("analyze", Steady, "--format", "json", "--output", baseline);
        Assert.Equal(0, analyze.ExitCode);

        Assert.Equal(0, CliRun.Of("check", Steady, "--baseline", baseline).ExitCode);

        // Against the same baseline, a run whose peak heap is far larger fails on the baseline too.
        var worse = CliRun.Of("check", Patterns, "--baseline", baseline);
        Assert.Equal(1, worse.ExitCode);
        Assert.Contains("FAIL baseline: peak live heap", worse.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadBudgetFileIsAUsageErrorNamingItsLine()
    {
        var budget = Path.Combine(TraceFactory.WorkDirectory, "bad-budget.json");
        File.WriteAllText(budget, "{\n  \"overall\": { \"bytesPerHour\": \"fast\" }\n}\n");
        var run = CliRun.Of("check", Steady, "--budget", budget);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad-budget.json:2: bad budget", run.Error, StringComparison.Ordinal);
    }
}
