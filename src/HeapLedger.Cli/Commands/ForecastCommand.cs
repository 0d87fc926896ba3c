using System.CommandLine;
using HeapLedger.Cli.Forecast;
using HeapLedger.Core;
using HeapLedger.Detection.Detector;

namespace HeapLedger.Cli.Commands;

/// <summary>
/// <c>heapledger forecast SERIES</c>: each device's verdict, leak rate, onset and when its heap
/// runs out, most urgent first, and the sites that leak where the heartbeats carry site ledgers.
/// Exit 1 when a device is forecast to run out within the horizon.
/// </summary>
public static class ForecastCommand
{
    public static Command Create(CliConsole console)
    {
        var series = new Argument<string>("SERIES") { Description = "Heap heartbeats: CSV or NDJSON (docs/formats/heap-series.md) or device records; plain, gzip or zstd" };
        var format = new Option<string>("--format", "-f") { Description = "Output format: text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var horizon = new Option<double>("--horizon") { Description = "Exit 1 if a device is forecast to run out within this many days", DefaultValueFactory = _ => 30 };
        var reserve = new Option<long>("--reserve") { Description = "The biggest allocation the firmware must still be able to make, in bytes", DefaultValueFactory = _ => 0 };
        var elf = new Option<string[]>("--elf") { Description = "The firmware ELF with debug info, to name the sites of device records (repeatable)" };
        var command = new Command("forecast", "Tell leaking devices from healthy ones by their heap heartbeats and forecast when each runs out")
        {
            series, format, horizon, reserve, elf,
        };
        command.SetAction(parsed => Run(parsed.GetValue(series)!, parsed.GetValue(format) ?? "text", parsed.GetValue(horizon), parsed.GetValue(reserve),
            parsed.GetValue(elf) ?? [], console));
        return command;
    }

    public static int Run(string path, string format, double horizonDays, long reserveBytes, IReadOnlyList<string> elfFiles, CliConsole console)
    {
        if (!double.IsFinite(horizonDays) || horizonDays < 0 || horizonDays > 36_500)
        {
            throw new HeapLedgerException($"--horizon {horizonDays}: expected a number of days from 0 to 36500");
        }

        if (reserveBytes < 0)
        {
            throw new HeapLedgerException($"--reserve {reserveBytes}: expected a number of bytes, 0 or more");
        }

        var detector = new LeakDetector(DetectorOptions.Default with { ReserveBytes = reserveBytes });
        var symbols = ReportSettings.Text with { ElfFiles = elfFiles };
        var devices = ForecastWriter.MostUrgentFirst(ForecastInput.Judge(path, detector, new SiteDetector(detector), symbols, console.Error));
        var horizon = TimeSpan.FromDays(horizonDays);
        if (format == "json")
        {
            ForecastWriter.WriteJson(devices, console.Out);
        }
        else
        {
            ForecastWriter.WriteText(devices, horizon, console.Out);
        }

        return (int)(devices.Exists(d => d.ExhaustsWithin(horizon)) ? ExitCode.ProblemFound : ExitCode.Ok);
    }
}
