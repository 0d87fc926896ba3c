using System.CommandLine;
using System.Text;
using HeapLedger.Cli.Reports;
using HeapLedger.Cli.Watch;
using HeapLedger.Core;
using HeapLedger.Core.Ledger;
using HeapLedger.Formats;
using HeapLedger.Formats.Device;
using HeapLedger.Formats.Input;
using HeapLedger.Formats.Mtrace;

namespace HeapLedger.Cli.Commands;

/// <summary>
/// <c>heapledger watch SOURCE</c>: live analysis of device records (or an mtrace log) as they
/// arrive from a growing file, standard input, a TCP port or a serial port. Prints verdict
/// changes, guard and contract errors and a periodic status; Ctrl-C (or the end of the source)
/// prints the final report.
/// </summary>
public static class WatchCommand
{
    private const int DetectBytes = 64 * 1024;

    public static Command Create(CliConsole console)
    {
        var source = new Argument<string>("SOURCE") { Description = "A file (followed as it grows), -, tcp://host:port or serial:///dev/ttyX?baud=115200" };
        var elf = new Option<string[]>("--elf") { Description = "The firmware ELF with debug info (repeatable)" };
        var sysroot = new Option<string?>("--sysroot") { Description = "Directory that holds the modules at their recorded paths" };
        var vendor = new Option<string[]>("--vendor") { Description = "Third-party code a site is never named after (repeatable)" };
        var interval = new Option<double>("--interval") { Description = "Seconds between status lines", DefaultValueFactory = _ => 10 };
        var untilIdle = new Option<double?>("--until-idle") { Description = "For a file: stop after this many seconds without new data (default: follow until Ctrl-C)" };
        var command = new Command("watch", "Watch a live stream of device records and report leaks as they appear") { source, elf, sysroot, vendor, interval, untilIdle };
        command.SetAction(parsed => Run(
            parsed.GetValue(source)!,
            new ReportSettings("text", null, parsed.GetValue(elf) ?? [], parsed.GetValue(sysroot), false, parsed.GetValue(vendor) ?? []),
            TimeSpan.FromSeconds(Math.Max(0, parsed.GetValue(interval))),
            parsed.GetValue(untilIdle) is { } idle ? TimeSpan.FromSeconds(idle) : null,
            console));
        return command;
    }

    public static int Run(string source, ReportSettings settings, TimeSpan statusInterval, TimeSpan? untilIdle, CliConsole console)
    {
        using var stream = LiveSource.Open(source, () => console.Input ?? Console.OpenStandardInput(), untilIdle, console.Cancel);
        var (format, replay) = Detect(source, stream);
        if (replay is null)
        {
            console.Error.WriteLine($"heapledger watch: {source} ended before any record arrived");
            return (int)ExitCode.Ok;
        }

        console.Error.WriteLine($"heapledger watch: reading {(format == TraceFormat.DeviceRecords ? "device records" : "an mtrace log")} from {source}; Ctrl-C for the final report");
        var ledger = new AllocationLedger(siteSelector: new SiteSelector(settings.VendorPatterns));
        using var input = TraceInput.FromStream(source, replay);
        var lines = new LineReader(input, TraceLimits.Default.MaxLineBytes, bufferBytes: 64 * 1024);
        var resolver = settings.CreateResolver(console.Error);
        DeviceRecordReader? device = null;
        var monitor = new WatchMonitor(ledger, source, format == TraceFormat.DeviceRecords ? "device" : "mtrace", () => device?.Stats, console.Out, statusInterval);
        lines.CaughtUp = monitor.CaughtUp;
        if (format == TraceFormat.DeviceRecords)
        {
            device = new DeviceRecordReader(lines, ledger, resolver, TraceLimits.Default) { Heartbeat = monitor.DeviceHeartbeat };
            device.Read();
            var warnings = new List<string>(device.Warnings);
            TraceAnalysis.CheckBuildId(device.Stats.BuildId, settings.ElfFiles, warnings);
            foreach (var warning in warnings)
            {
                console.Error.WriteLine($"heapledger: warning: {warning}");
            }
        }
        else
        {
            new MtraceReader(lines, ledger, resolver, TraceLimits.Default).Read();
        }

        var report = monitor.Finish();
        if (monitor.FirstLeakMilliseconds is { } first)
        {
            console.Out.WriteLine($"first leak reported at device uptime {TimeSpan.FromMilliseconds(first):d\\.hh\\:mm\\:ss}");
        }

        console.Out.WriteLine();
        TextReportWriter.Write(report, console.Out);
        return (int)AnalyzeCommand.ExitCodeOf(report);
    }

    /// <summary>Reads until a line tells the format; returns the bytes read so far followed by the rest.</summary>
    private static (TraceFormat Format, Stream? Replay) Detect(string source, Stream stream)
    {
        var seen = new MemoryStream();
        var buffer = new byte[4096];
        while (seen.Length < DetectBytes)
        {
            var read = stream.Read(buffer, 0, buffer.Length);
            if (read == 0)
            {
                break;
            }

            seen.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(seen.GetBuffer(), 0, (int)seen.Length);
            if (text.Contains("#HL ", StringComparison.Ordinal))
            {
                return (TraceFormat.DeviceRecords, new PrefixedStream(seen.ToArray(), stream));
            }

            if (text.Contains("= Start", StringComparison.Ordinal) || text.Split('\n').Any(l => l.StartsWith("@ ", StringComparison.Ordinal)))
            {
                return (TraceFormat.Mtrace, new PrefixedStream(seen.ToArray(), stream));
            }
        }

        if (seen.Length == 0)
        {
            return (TraceFormat.DeviceRecords, null);
        }

        throw new HeapLedgerException($"{source}: no device record ('#HL ...') or mtrace line in the first {seen.Length} bytes");
    }
}
