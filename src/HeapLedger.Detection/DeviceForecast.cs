namespace HeapLedger.Detection;

/// <summary>
/// A device's verdict with the evidence a person needs to trust it. Rates are of used heap, in
/// bytes per hour; times are null when the device is not leaking.
/// </summary>
/// <param name="Onset">When the leak began (after a change point), null when not leaking.</param>
/// <param name="ExhaustionAt">When, at the measured rate, the usable heap runs out.</param>
/// <param name="ExhaustionLow">The early end of the forecast interval (from the slope's upper bound).</param>
/// <param name="ExhaustionHigh">The late end (from the slope's lower bound); null when that bound is not positive.</param>
/// <param name="Points">Heartbeats the verdict rests on.</param>
/// <param name="Limit">What runs out first: "free" or "largest-block".</param>
public sealed record DeviceForecast(
    string Device,
    DeviceVerdict Verdict,
    double? BytesPerHour,
    double? BytesPerHourLow,
    double? BytesPerHourHigh,
    DateTimeOffset? Onset,
    DateTimeOffset? ExhaustionAt,
    DateTimeOffset? ExhaustionLow,
    DateTimeOffset? ExhaustionHigh,
    int Points,
    string? Limit,
    double Confidence);
