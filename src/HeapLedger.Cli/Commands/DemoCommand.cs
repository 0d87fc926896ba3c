using System.CommandLine;
using System.Globalization;
using HeapLedger.Cli.Demo;
using HeapLedger.Core;
using Spectre.Console;

namespace HeapLedger.Cli.Commands;

/// <summary>
/// <c>heapledger demo</c>: the field failure on the embedded default (docs/simulator.md): a fleet
/// simulated, replayed day by day into a SQLite store, judged by the detection job, told as a
/// story against the simulation's truth, and written as the dashboard's HTML report.
/// <c>heapledger demo --trace</c> analyzes the sample trace committed under samples/ (a heaptrack
/// recording of samples/patterns.c) and prints the report, as the demo did first.
/// </summary>
public static class DemoCommand
{
    public const string SampleName = "patterns.heaptrack.zst";

    public static Command Create(CliConsole console)
    {
        var options = new ReportOptions();
        var trace = new Option<bool>("--trace") { Description = "Analyze the committed sample trace instead (the report options apply to it)" };
        var devices = new Option<int>("--devices") { Description = "Devices in the simulated fleet", DefaultValueFactory = _ => new DemoSettings().Devices };
        var days = new Option<int>("--days") { Description = "Days of hourly heartbeats", DefaultValueFactory = _ => new DemoSettings().Days };
        var seed = new Option<int>("--seed") { Description = "Same seed, same fleet", DefaultValueFactory = _ => new DemoSettings().Seed };
        var judgeEvery = new Option<int>("--judge-every") { Description = "Days between runs of the detection job during the replay", DefaultValueFactory = _ => new DemoSettings().JudgeEvery };
        var outDir = new Option<string?>("--out") { Description = "Folder for the store and report.html (default: a new temporary folder)" };
        var command = new Command("demo", "Simulate the field failure's fleet, ingest and judge it day by day, and tell the story (--trace: analyze the committed sample trace)")
        {
            trace, devices, days, seed, judgeEvery, outDir,
        };
        options.AddTo(command);
        command.SetAction(parsed => parsed.GetValue(trace)
            ? RunTrace(options.Read(parsed), console)
            : Run(new DemoSettings(parsed.GetValue(devices), parsed.GetValue(days), parsed.GetValue(seed), parsed.GetValue(outDir), parsed.GetValue(judgeEvery)), console));
        return command;
    }

    public static int Run(DemoSettings settings, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.JudgeEvery is < 1 or > 3650)
        {
            throw new HeapLedgerException($"--judge-every must be between 1 and 3650 days, not {settings.JudgeEvery}");
        }

        var folder = settings.Out ?? Directory.CreateTempSubdirectory("heapledger-demo-").FullName;
        Directory.CreateDirectory(folder);
        var outcome = console.ErrorIsTerminal ? WithProgressBar(settings, folder, console) : WithProgressLines(settings, folder, console);
        DemoStory.Write(console.Out, outcome);
        return (int)ExitCode.Ok;
    }

    private static DemoOutcome WithProgressLines(DemoSettings settings, string folder, CliConsole console)
    {
        var tenth = 0;
        return Task.Run(() => FleetDemo.RunAsync(settings, folder,
            phase => console.Error.WriteLine($"heapledger demo: {phase}"),
            (day, total, flagged) =>
            {
                if (day * 10 / total > tenth || day == total)
                {
                    tenth = day * 10 / total;
                    console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heapledger demo: day {day} of {total}, {flagged:N0} devices flagged so far"));
                }
            },
            console.Cancel)).GetAwaiter().GetResult();
    }

    private static DemoOutcome WithProgressBar(DemoSettings settings, string folder, CliConsole console)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) });
        return stderr.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("simulating the fleet", maxValue: settings.Days);
                var outcome = await FleetDemo.RunAsync(settings, folder,
                    phase => task.Description = phase,
                    (day, total, flagged) =>
                    {
                        task.Value = day;
                        task.Description = string.Create(CultureInfo.InvariantCulture, $"day {day} of {total}: {flagged:N0} flagged");
                    },
                    console.Cancel).ConfigureAwait(false);
                task.Value = settings.Days;
                return outcome;
            }).GetAwaiter().GetResult();
    }

    public static int RunTrace(ReportSettings settings, CliConsole console)
    {
        var sample = FindSample()
            ?? throw new HeapLedgerException($"samples/{SampleName}: not found next to the program or above the current directory");
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), sample);
        if (!relative.StartsWith("..", StringComparison.Ordinal))
        {
            sample = relative;
        }

        console.Error.WriteLine($"heapledger demo --trace: analyzing {sample}");
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
