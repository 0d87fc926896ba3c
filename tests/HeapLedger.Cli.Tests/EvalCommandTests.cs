using System.Text.Json;
using HeapLedger.Cli.Tests.Support;

namespace HeapLedger.Cli.Tests;

/// <summary><c>heapledger eval</c>: writing its synthetic fleet and reading it back as a recorded one.</summary>
public sealed class EvalCommandTests
{
    private static readonly string[] Fleet = ["--devices", "24", "--days", "20", "--leaking", "0.3", "--seed", "3"];

    [Fact]
    public void AFleetWrittenByEvalScoresTheSameWhenReadBackAsRecorded()
    {
        var path = Path.Combine(TraceFactory.WorkDirectory, "eval-written.csv");

        var write = CliRun.Of(["eval", .. Fleet, "--write", path]);
        var synthetic = CliRun.Of(["eval", .. Fleet, "--format", "json"]);
        var recorded = CliRun.Of("eval", "--recorded", path, "--no-synthetic", "--format", "json");

        Assert.True(write.ExitCode == 0, write.Error);
        Assert.Contains("wrote 24 devices", write.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(TraceFactory.WorkDirectory, "eval-written.truth.csv")));
        Assert.Equal(Detectors(synthetic), Detectors(recorded));
    }

    [Fact]
    public void WriteDoesNotGoWithRecorded()
    {
        var run = CliRun.Of("eval", "--write", Path.Combine(TraceFactory.WorkDirectory, "x.csv"), "--recorded", "y.csv");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--write", run.Error, StringComparison.Ordinal);
    }

    private static string Detectors(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = run.Json();
        var detectors = json.RootElement.GetProperty("runs")[0].GetProperty("detectors");
        Assert.True(detectors.GetArrayLength() >= 3, detectors.ToString());
        return JsonSerializer.Serialize(detectors);
    }
}
