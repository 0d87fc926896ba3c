using System.CommandLine;
using HeapLedger.Core;

namespace HeapLedger.Cli.Commands;

/// <summary>
/// <c>heapledger demo</c>: analyzes the sample trace committed under samples/ (a heaptrack
/// recording of samples/patterns.c) and prints the report.
/// </summary>
public static class DemoCommand
{
    public const string SampleName = "patterns.heaptrack.zst";

    public static Command Create(CliConsole console)
    {
        var options = new ReportOptions();
        var command = new Command("demo", "Analyze the committed sample trace and print the report");
        options.AddTo(command);
        command.SetAction(parsed => Run(options.Read(parsed), console));
        return command;
    }

    public static int Run(ReportSettings settings, CliConsole console)
    {
        var sample = FindSample()
            ?? throw new HeapLedgerException($"samples/{SampleName}: not found next to the program or above the current directory");
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), sample);
        if (!relative.StartsWith("..", StringComparison.Ordinal))
        {
            sample = relative;
        }

        console.Error.WriteLine($"heapledger demo: analyzing {sample}");
        console.Error.WriteLine("  made by samples/record.sh: samples/patterns.c run under heaptrack; seven call sites, three of them leaking.");
        AnalyzeCommand.Run(sample, settings, console);

        // The demo succeeded when it found the planted leaks; its exit code says the command worked.
        return (int)ExitCode.Ok;
    }

    private static string? FindSample()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", SampleName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
