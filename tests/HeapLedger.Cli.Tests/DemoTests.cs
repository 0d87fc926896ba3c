using System.Globalization;
using System.Text.RegularExpressions;
using HeapLedger.Cli.Tests.Support;
using HeapLedger.Detection.Evaluation;
using HeapLedger.Fleet.Simulation;

namespace HeapLedger.Cli.Tests;

/// <summary><c>heapledger demo</c> on a small fleet: the story's numbers against the simulation's truth.</summary>
public sealed class DemoTests
{
    [Fact]
    public void TheDemoTellsTheFieldFailureFromTheTruthAndWritesTheReport()
    {
        var folder = Directory.CreateTempSubdirectory("heapledger-demo-test-").FullName;
        var run = CliRun.Of("demo", "--devices", "120", "--days", "30", "--out", folder);
        Assert.Equal(0, run.ExitCode);

        var truth = SimulatedFleet.Generate(new FieldFleetOptions(120, 30, 1)).Devices.Select(static d => d.Truth).ToList();
        var leaking = truth.Count(static t => t.Leaking);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"(the truth: {leaking:N0} leak;"), run.Out, StringComparison.Ordinal);
        var judged = int.Parse(Regex.Match(run.Out, @"judges (\d+) devices? leaking").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(judged, leaking * 3 / 4, leaking + 2);

        var shared = Regex.Match(run.Out, "what they share: (.*)").Groups[1].Value;
        Assert.Contains("firmware=2.3.0", shared, StringComparison.Ordinal);
        Assert.Contains("coverage=weak", shared, StringComparison.Ordinal);

        if (truth.Any(static t => t.ExhaustsWithinWindow))
        {
            var lead = Regex.Match(run.Out, @"first alert: .*?, (\d+\.\d) days before the first device went silent");
            Assert.True(lead.Success, run.Out);
            Assert.True(double.Parse(lead.Groups[1].Value, CultureInfo.InvariantCulture) > 0, run.Out);
        }

        var report = Path.Combine(folder, "report.html");
        Assert.True(File.Exists(report));
        Assert.Contains($"report: {report}", run.Out, StringComparison.Ordinal);
    }

    /// <summary>On a terminal (a pseudo-terminal from util-linux's <c>script</c>) the progress is Spectre's live bar, redrawn in place, and the story follows it.</summary>
    [Fact]
    public void OnATerminalTheProgressIsALiveBarAndTheStoryFollows()
    {
        var folder = Directory.CreateTempSubdirectory("heapledger-demo-tty-").FullName;
        var command = $"dotnet {Path.Combine(AppContext.BaseDirectory, "heapledger.dll")} demo --devices 40 --days 8 --out {folder}";
        var output = Tool.Run("script", ["--quiet", "--return", "--command", command, "/dev/null"], folder, new Dictionary<string, string> { ["TERM"] = "xterm-256color", ["COLUMNS"] = "120" });

        Assert.Matches(@"day [1-8] of 8: \d+ flagged", output); // redrawn at Spectre's pace: which days show depends on the machine
        Assert.Matches(@"pivot and report .*100%", output);
        Assert.Contains("\u001b[2A", output, StringComparison.Ordinal); // the bar is redrawn where it was, not printed line after line
        Assert.DoesNotContain("heapledger demo: day ", output, StringComparison.Ordinal); // the plain lines are for logs, not terminals
        Assert.Matches(@"heapledger demo: 40 devices, 8 days of hourly heartbeats", output);
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
    }
}
