using HeapLedger.Core.Events;

namespace HeapLedger.Core.Reports;

/// <summary>Everything one analysis found; the JSON report is this object (docs/report-schema.md).</summary>
/// <param name="Forecast">When the heap runs out (analyze, and watch on device records); null when there is none.</param>
/// <param name="NoForecastReason">Why analyze gives no forecast (no heap size, no timestamps); null when there is one, or none was asked for.</param>
public sealed record AnalysisReport(
    int SchemaVersion,
    InputInfo Input,
    ReportSummary Summary,
    IReadOnlyList<SiteReport> Sites,
    IReadOnlyList<Finding> Findings,
    Timeline Timeline,
    IReadOnlyList<SiteReport>? AtExit,
    DeviceSummary? Device = null,
    ExhaustionForecast? Forecast = null,
    string? NoForecastReason = null)
{
    public const int CurrentSchemaVersion = 1;
}

/// <param name="Warnings">What the input lost or got wrong (corrupt records, gaps, a mismatched ELF); empty when nothing.</param>
public sealed record InputInfo(string Path, string Format, long Events, IReadOnlyList<string>? Warnings = null);

/// <summary>What a device record stream said about itself (device records only).</summary>
public sealed record DeviceSummary(
    string? BuildId,
    string? Mode,
    long Records,
    long CorruptRecords,
    long MissingRecords,
    long Reboots,
    long? LowestFreeBytes,
    long? HeapSizeBytes);

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
