namespace HeapLedger.Core.Reports;

/// <summary>
/// When the heap runs out at the rate the trace shows: the leak detector's verdict
/// (docs/detection.md) over the device's heap samples, or over the trace's live bytes against a
/// heap size the user gave. No format analyze reads has a wall clock, so times are hours on the
/// trace's own clock (docs/report-schema.md). Rates are of used heap.
/// </summary>
/// <param name="OnsetHours">When the rise began, in hours since the trace's clock started (device records: since the first boot); leaking only.</param>
/// <param name="ExhaustionInHours">How long after the end of the trace the usable heap runs out; leaking only.</param>
/// <param name="ExhaustionInHoursLow">The early end of the forecast interval.</param>
/// <param name="ExhaustionInHoursHigh">The late end; null when the slow end of the rate interval does not rise.</param>
/// <param name="Points">Heap points the verdict rests on.</param>
/// <param name="Limit">What runs out first: "free" or "largest-block"; leaking only.</param>
/// <param name="SpanHours">Hours from the first heap point to the last.</param>
/// <param name="HeapSizeBytes">The heap size the forecast counts down to: the device's own, or --heap-size.</param>
/// <param name="ReserveBytes">The --reserve: exhausted when less than this is left.</param>
public sealed record ExhaustionForecast(
    ForecastVerdict Verdict,
    double? BytesPerHour,
    double? BytesPerHourLow,
    double? BytesPerHourHigh,
    double? OnsetHours,
    double? ExhaustionInHours,
    double? ExhaustionInHoursLow,
    double? ExhaustionInHoursHigh,
    int Points,
    string? Limit,
    double Confidence,
    ForecastSource Source,
    double SpanHours,
    long HeapSizeBytes,
    long ReserveBytes);
