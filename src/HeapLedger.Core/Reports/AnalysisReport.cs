using HeapLedger.Core.Events;

namespace HeapLedger.Core.Reports;

/// <summary>Everything one analysis found; the JSON report is this object (docs/report-schema.md).</summary>
public sealed record AnalysisReport(
    int SchemaVersion,
    InputInfo Input,
    ReportSummary Summary,
    IReadOnlyList<SiteReport> Sites,
    IReadOnlyList<Finding> Findings,
    Timeline Timeline,
    IReadOnlyList<SiteReport>? AtExit)
{
    public const int CurrentSchemaVersion = 1;
}

public sealed record InputInfo(string Path, string Format, long Events);

public sealed record ReportSummary(
    long Allocations,
    long Frees,
    long PeakLiveBytes,
    long LiveBytesAtEnd,
    double? DurationSeconds,
    int LeakingSites);

/// <summary>
/// The run cut into equal spans of allocation events. Each point is the end of a span:
/// <see cref="Allocations"/> events so far, the trace's clock then (null without timestamps),
/// and the whole heap's live bytes (lowest and highest within the span).
/// </summary>
public sealed record Timeline(
    IReadOnlyList<long> Allocations,
    IReadOnlyList<double>? Seconds,
    IReadOnlyList<long> LiveBytesFloor,
    IReadOnlyList<long> LiveBytesPeak);
