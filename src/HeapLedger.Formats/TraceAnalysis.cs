using HeapLedger.Core.Ledger;
using HeapLedger.Core.Reports;
using HeapLedger.Formats.Heaptrack;
using HeapLedger.Formats.Input;
using HeapLedger.Formats.Mtrace;

namespace HeapLedger.Formats;

/// <summary>Reads one trace of any supported format into a ledger and builds the report.</summary>
public static class TraceAnalysis
{
    /// <param name="progress">Called now and then with (bytes read from disk, file length).</param>
    public static AnalysisReport Analyze(string path, AnalyzeOptions options, Action<long, long>? progress = null)
    {
        var format = TraceFormatDetector.Detect(path);
        var ledger = new AllocationLedger();
        using var input = TraceInput.Open(path);
        var lines = new LineReader(input, options.Limits.MaxLineBytes);
        Action<long>? report = progress is null ? null : _ => progress(input.CompressedPosition, input.CompressedLength);
        long events;
        switch (format)
        {
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

        var name = format == TraceFormat.Heaptrack ? "heaptrack" : "mtrace";
        return ReportBuilder.Build(ledger, new InputInfo(path, name, events), options.AtExit);
    }
}
