using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using HeapLedger.Cli.Forecast;
using HeapLedger.Core;
using HeapLedger.Core.Reports;
using HeapLedger.Core.Verdicts;
using HeapLedger.Formats;
using HeapLedger.Cli.Reports;
using Spectre.Console;

namespace HeapLedger.Cli.Commands;

/// <summary>
/// <c>heapledger analyze TRACE</c>: replay a trace, judge every site, forecast when the heap runs
/// out, print the report.
/// </summary>
public static class AnalyzeCommand
{
    /// <summary>Inputs smaller than this finish before a progress bar would be seen.</summary>
    private const long ProgressThresholdBytes = 16L << 20;

    public static Command Create(CliConsole console)
    {
        var trace = new Argument<string>("TRACE") { Description = "heaptrack (.zst, .gz or text) or glibc mtrace file; the format is read from the content" };
        var options = new ReportOptions();
        var heapSize = new Option<long?>("--heap-size")
        {
            Description = "The heap's size in bytes, for the exhaustion forecast of a trace without heap samples (heaptrack, or device records without S records)",
            CustomParser = result => Bytes(result, "--heap-size", minimum: 1),
        };
        var reserve = new Option<long>("--reserve")
        {
            Description = "The biggest allocation the program must still be able to make, in bytes: the heap is exhausted when less is left",
            CustomParser = result => Bytes(result, "--reserve", minimum: 0) ?? 0,
        };
        var command = new Command("analyze", "Tell a leak from retained, bounded and temporary memory, name the line, and forecast when the heap runs out") { trace };
        options.AddTo(command);
        command.Options.Add(heapSize);
        command.Options.Add(reserve);
        command.SetAction(parsed => Run(parsed.GetValue(trace)!, options.Read(parsed), console, parsed.GetValue(heapSize), parsed.GetValue(reserve)));
        return command;
    }

    /// <param name="heapSizeBytes">--heap-size: what a forecast from live bytes counts down from.</param>
    /// <param name="reserveBytes">--reserve: the heap is exhausted when less than this is left.</param>
    public static int Run(string path, ReportSettings settings, CliConsole console, long? heapSizeBytes = null, long reserveBytes = 0)
    {
        if (!File.Exists(path))
        {
            throw new HeapLedgerException($"{path}: no such file");
        }

        if (heapSizeBytes is { } heapSize && reserveBytes >= heapSize)
        {
            throw new HeapLedgerException($"--reserve {reserveBytes} leaves nothing of --heap-size {heapSize}");
        }

        var analyzeOptions = settings.AnalyzeOptions(console.Error);
        var trace = console.ErrorIsTerminal && new FileInfo(path).Length >= ProgressThresholdBytes
            ? WithProgress(path, analyzeOptions, console)
            : TraceAnalysis.Read(path, analyzeOptions);
        foreach (var warning in trace.Report.Input.Warnings ?? [])
        {
            console.Error.WriteLine($"heapledger: warning: {warning}");
        }

        var (forecast, noForecast) = HeapForecast.Of(trace, heapSizeBytes, reserveBytes, console.Error);
        var report = trace.Report with { Forecast = forecast, NoForecastReason = noForecast };
        ReportOutput.Write(report, settings, console);
        return (int)ExitCodeOf(report);
    }

    public static ExitCode ExitCodeOf(AnalysisReport report) =>
        report.Sites.Any(s => s.Verdict == Verdict.Leak)
        || report.Findings.Any(f => f.IsError)
            ? ExitCode.ProblemFound
            : ExitCode.Ok;

    /// <summary>A whole number of bytes, no unit: a clear message for anything else.</summary>
    private static long? Bytes(ArgumentResult result, string option, long minimum)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes >= minimum)
        {
            return bytes;
        }

        result.AddError($"{option} '{text}': expected a whole number of bytes{(minimum > 0 ? " above 0" : ", 0 or more")}, without a unit (e.g. 65536)");
        return null;
    }

    private static AnalyzedTrace WithProgress(string path, AnalyzeOptions options, CliConsole console)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) });
        AnalyzedTrace? trace = null;
        stderr.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Path.GetFileName(path), maxValue: 1);
                trace = TraceAnalysis.Read(path, options, (read, total) => task.Value = total > 0 ? (double)read / total : 0);
                task.Value = 1;
            });
        return trace!;
    }
}
