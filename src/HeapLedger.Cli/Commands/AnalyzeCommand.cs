using System.CommandLine;
using HeapLedger.Core;
using HeapLedger.Core.Reports;
using HeapLedger.Core.Verdicts;
using HeapLedger.Formats;
using HeapLedger.Cli.Reports;
using Spectre.Console;

namespace HeapLedger.Cli.Commands;

/// <summary><c>heapledger analyze TRACE</c>: replay a trace, judge every site, print the report.</summary>
public static class AnalyzeCommand
{
    /// <summary>Inputs smaller than this finish before a progress bar would be seen.</summary>
    private const long ProgressThresholdBytes = 16L << 20;

    public static Command Create(CliConsole console)
    {
        var trace = new Argument<string>("TRACE") { Description = "heaptrack (.zst, .gz or text) or glibc mtrace file; the format is read from the content" };
        var options = new ReportOptions();
        var command = new Command("analyze", "Tell a leak from retained, bounded and temporary memory, and name the line") { trace };
        options.AddTo(command);
        command.SetAction(parsed => Run(parsed.GetValue(trace)!, options.Read(parsed), console));
        return command;
    }

    public static int Run(string path, ReportSettings settings, CliConsole console)
    {
        if (!File.Exists(path))
        {
            throw new HeapLedgerException($"{path}: no such file");
        }

        var analyzeOptions = settings.AnalyzeOptions(console.Error);
        var report = console.ErrorIsTerminal && new FileInfo(path).Length >= ProgressThresholdBytes
            ? WithProgress(path, analyzeOptions, console)
            : TraceAnalysis.Analyze(path, analyzeOptions);
        foreach (var warning in report.Input.Warnings ?? [])
        {
            console.Error.WriteLine($"heapledger: warning: {warning}");
        }

        ReportOutput.Write(report, settings, console);
        return (int)ExitCodeOf(report);
    }

    public static ExitCode ExitCodeOf(AnalysisReport report) =>
        report.Sites.Any(s => s.Verdict == Verdict.Leak)
        || report.Findings.Any(f => f.IsError)
            ? ExitCode.ProblemFound
            : ExitCode.Ok;

    private static AnalysisReport WithProgress(string path, AnalyzeOptions options, CliConsole console)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) });
        AnalysisReport? report = null;
        stderr.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Path.GetFileName(path), maxValue: 1);
                report = TraceAnalysis.Analyze(path, options, (read, total) => task.Value = total > 0 ? (double)read / total : 0);
                task.Value = 1;
            });
        return report!;
    }
}
