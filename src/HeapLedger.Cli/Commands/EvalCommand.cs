using System.CommandLine;
using HeapLedger.Core;
using HeapLedger.Detection.Evaluation;

namespace HeapLedger.Cli.Commands;

/// <summary>
/// <c>heapledger eval</c>: generates a labelled synthetic fleet, replays it to the detector and the
/// two baselines, and prints their figures side by side; with <c>--recorded</c>, the same on series
/// recorded from real processes (bench/detection/record-gateway.sh). With <c>--write</c>, it writes
/// the synthetic fleet as a heap series CSV and its ground truth instead, for <c>--recorded</c> and
/// <c>forecast</c> to read.
/// </summary>
public static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        var devices = new Option<int>("--devices") { Description = "Devices in the synthetic fleet", DefaultValueFactory = _ => 2000 };
        var days = new Option<int>("--days") { Description = "Days of hourly heartbeats per device", DefaultValueFactory = _ => 90 };
        var leaking = new Option<double>("--leaking") { Description = "Share of devices that leak", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the fleet: the same seed makes the same fleet", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var recorded = new Option<string?>("--recorded") { Description = "Also evaluate recorded heap series (CSV, with its ground truth in NAME.truth.csv)" };
        var synthetic = new Option<bool>("--no-synthetic") { Description = "Evaluate only the --recorded series" };
        var write = new Option<string?>("--write")
        {
            Description = "Write the synthetic fleet to FILE.csv (heap series grouped by device) and its ground truth to FILE.truth.csv, "
                + "the shape --recorded reads, instead of evaluating it",
            HelpName = "FILE.csv",
        };
        var command = new Command("eval", "Score the leak detector against today's threshold alert and a least-squares slope on labelled fleets")
        {
            devices, days, leaking, seed, format, recorded, synthetic, write,
        };
        command.SetAction(parsed =>
        {
            var fleet = new FleetOptions(parsed.GetValue(devices), parsed.GetValue(days), parsed.GetValue(leaking), parsed.GetValue(seed));
            if (parsed.GetValue(write) is { } path)
            {
                return parsed.GetValue(recorded) is null && !parsed.GetValue(synthetic)
                    ? Write(fleet, path, console)
                    : throw new HeapLedgerException("--write writes the synthetic fleet; it does not go with --recorded or --no-synthetic");
            }

            return Run(fleet, parsed.GetValue(format) == "json", parsed.GetValue(recorded), !parsed.GetValue(synthetic), console);
        });
        return command;
    }

    /// <summary>Writes the fleet to <paramref name="path"/> and its ground truth beside it, a batch of devices at a time.</summary>
    public static int Write(FleetOptions fleet, string path, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(console);
        if (fleet.Problem() is { } problem)
        {
            throw new HeapLedgerException(problem);
        }

        var truthPath = EvaluationCsv.TruthPathFor(path);
        try
        {
            using var series = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
            using var truth = new StreamWriter(truthPath, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
            var (count, heartbeats) = FleetCsvWriter.Write(new FleetGenerator(fleet), series, truth, console.Cancel);
            console.Error.WriteLine($"heapledger eval: wrote {count:N0} devices, {heartbeats:N0} heartbeats to {path}, ground truth to {truthPath}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeapLedgerException($"{path}: cannot write: {e.Message}", e);
        }

        return (int)ExitCode.Ok;
    }

    public static int Run(FleetOptions fleet, bool json, string? recordedPath, bool synthetic, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(console);
        if (fleet.Problem() is { } problem)
        {
            throw new HeapLedgerException(problem);
        }

        if (!synthetic && recordedPath is null)
        {
            throw new HeapLedgerException("--no-synthetic needs --recorded FILE.csv");
        }

        var evaluator = new DetectionEvaluator(DetectorCatalog.All(fleet.ReserveBytes));
        var results = new List<EvaluationResult>();
        if (synthetic)
        {
            console.Error.WriteLine($"heapledger eval: {fleet.Devices} devices x {fleet.Days} days, judging every 6 simulated hours on 2 cores...");
            results.Add(evaluator.Evaluate(new FleetGenerator(fleet), console.Cancel));
        }

        if (recordedPath is not null)
        {
            results.Add(evaluator.Evaluate($"recorded: {recordedPath}", ReadRecorded(recordedPath), console.Cancel));
        }

        if (json)
        {
            using var buffer = new MemoryStream();
            EvaluationReport.WriteJson(results, buffer);
            console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            for (var i = 0; i < results.Count; i++)
            {
                if (i > 0)
                {
                    console.Out.WriteLine();
                }

                EvaluationReport.WriteText(results[i], console.Out);
            }
        }

        return (int)ExitCode.Ok;
    }

    private static IReadOnlyList<LabelledSeries> ReadRecorded(string path)
    {
        var truth = EvaluationCsv.TruthPathFor(path);
        foreach (var file in new[] { path, truth })
        {
            if (!File.Exists(file))
            {
                throw new HeapLedgerException($"{file}: no such file");
            }
        }

        try
        {
            return EvaluationCsv.ReadFleet(path, truth);
        }
        catch (FormatException e)
        {
            throw new HeapLedgerException(e.Message, e);
        }
    }
}
