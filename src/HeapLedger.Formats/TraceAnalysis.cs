using HeapLedger.Core.Ledger;
using HeapLedger.Core.Reports;
using HeapLedger.Formats.Heaptrack;
using HeapLedger.Formats.Input;
using HeapLedger.Formats.Device;
using HeapLedger.Formats.EspIdf;
using HeapLedger.Formats.Mtrace;
using HeapLedger.Formats.Symbols;

namespace HeapLedger.Formats;

/// <summary>Reads one trace of any supported format into a ledger and builds the report.</summary>
public static class TraceAnalysis
{
    /// <param name="progress">Called now and then with (bytes read from disk, file length).</param>
    public static AnalysisReport Analyze(string path, AnalyzeOptions options, Action<long, long>? progress = null) =>
        Read(path, options, progress).Report;

    /// <summary>The report, and the device's heap samples (bounded, see <see cref="HeapSampleHistory"/>) for a forecast.</summary>
    /// <param name="progress">Called now and then with (bytes read from disk, file length).</param>
    public static AnalyzedTrace Read(string path, AnalyzeOptions options, Action<long, long>? progress = null)
    {
        var format = TraceFormatDetector.Detect(path);
        var ledger = new AllocationLedger(siteSelector: new SiteSelector(options.VendorPatterns));
        using var input = TraceInput.Open(path);
        var lines = new LineReader(input, options.Limits.MaxLineBytes);
        Action<long>? report = progress is null ? null : _ => progress(input.CompressedPosition, input.CompressedLength);
        long events;
        var warnings = new List<string>();
        DeviceSummary? device = null;
        IReadOnlyList<HeapSample> heapSamples = [];
        switch (format)
        {
            case TraceFormat.EspIdfHeapTrace:
                var esp = new EspIdfHeapTraceReader(lines, ledger, options.Resolve, options.Limits);
                esp.Read(report);
                events = esp.Events;
                warnings.AddRange(esp.Warnings);
                break;
            case TraceFormat.DeviceRecords:
                var records = new DeviceRecordReader(lines, ledger, options.Resolve, options.Limits);
                records.Read(report);
                events = records.Events;
                warnings.AddRange(records.Warnings);
                device = Summarize(records.Stats);
                heapSamples = records.Stats.History.Points;
                CheckBuildId(records.Stats.BuildId, options.ElfFiles, warnings);
                break;
            case TraceFormat.Heaptrack:
                var heaptrack = new HeaptrackReader(lines, ledger, options.Limits);
                heaptrack.Read(report);
                events = heaptrack.Events;
                break;
            default:
                var mtrace = new MtraceReader(lines, ledger, options.Resolve, options.Limits);
                mtrace.Read(report);
                events = mtrace.Events;
                break;
        }

        var name = format switch
        {
            TraceFormat.Heaptrack => "heaptrack",
            TraceFormat.DeviceRecords => "device",
            TraceFormat.EspIdfHeapTrace => "esp-idf",
            _ => "mtrace",
        };
        return new AnalyzedTrace(ReportBuilder.Build(ledger, new InputInfo(path, name, events, warnings), options.AtExit, device: device), heapSamples);
    }

    private static DeviceSummary Summarize(DeviceStreamStats stats) => new(
        stats.BuildId, stats.Mode, stats.Records, stats.CorruptRecords, stats.MissingRecords, stats.Reboots,
        stats.LowestFree, stats.LastSample?.HeapSize);

    /// <summary>A stream from another build than the ELF names the wrong lines: say so.</summary>
    public static void CheckBuildId(string? streamBuildId, IReadOnlyList<string>? elfFiles, List<string> warnings)
    {
        if (elfFiles is not { Count: > 0 })
        {
            return;
        }

        var elfBuildId = ElfBuildId.Read(elfFiles[0]);
        if (streamBuildId is null || elfBuildId is null)
        {
            warnings.Add($"{elfFiles[0]}: cannot check it is the firmware that wrote the records (build ID {(streamBuildId is null ? "not in the stream" : "not in the ELF")})");
        }
        else if (!string.Equals(streamBuildId, elfBuildId, StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add($"{elfFiles[0]}: build ID {elfBuildId} does not match the device's {streamBuildId}; sites may be named wrongly");
        }
    }
}
