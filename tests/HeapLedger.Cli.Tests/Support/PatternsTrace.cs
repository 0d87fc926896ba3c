using System.Text.Json;

namespace HeapLedger.Cli.Tests.Support;

/// <summary>The JSON report of samples/patterns.c, recorded one way, with helpers to find its sites.</summary>
public sealed class PatternsTrace
{
    private PatternsTrace(CliRun run, string source)
    {
        Run = run;
        Source = source;
        Report = run.Json().RootElement;
    }

    public CliRun Run { get; }

    public string Source { get; }

    public JsonElement Report { get; }

    public static PatternsTrace Record(string optimisation, string recorder)
    {
        var source = RepoPaths.Sample("patterns.c");
        var binary = TraceFactory.Compile(source, optimisation);
        var trace = recorder == "heaptrack" ? TraceFactory.Heaptrack(binary) : TraceFactory.Mtrace(binary);
        var run = CliRun.Of("analyze", trace, "--format", "json");
        Assert.True(run.ExitCode is 0 or 1, $"analyze failed ({run.ExitCode}): {run.Error}");
        return new PatternsTrace(run, source);
    }

    public IReadOnlyList<JsonElement> SitesIn(string function) =>
        Report.GetProperty("sites").EnumerateArray()
            .Where(s => s.GetProperty("function").GetString() == function)
            .ToList();

    /// <summary>The 1-based line of the only source line containing <paramref name="text"/>.</summary>
    public int LineOf(string text)
    {
        var lines = File.ReadAllLines(Source);
        var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(text, StringComparison.Ordinal)).ToList();
        Assert.Single(matches);
        return matches[0] + 1;
    }
}
