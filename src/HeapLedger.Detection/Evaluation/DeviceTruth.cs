namespace HeapLedger.Detection.Evaluation;

/// <summary>What is really going on in a device, which no detector is shown.</summary>
/// <param name="Onset">When the leak began (the window start for a leak that predates it); null when healthy.</param>
/// <param name="Exhaustion">
/// The first moment the device could no longer make its reserve allocation, if that happened within
/// the window; the device sends nothing from then on.
/// </param>
/// <param name="WindowStart">Start of the observation window.</param>
/// <param name="WindowEnd">End of the observation window.</param>
/// <param name="LeakBytesPerHour">The leak's average rate in used heap while it runs (0 when healthy); for information.</param>
public sealed record DeviceTruth(
    string Device,
    bool Leaking,
    LeakKind Kind,
    DateTimeOffset? Onset,
    DateTimeOffset? Exhaustion,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    double LeakBytesPerHour)
{
    public bool ExhaustsWithinWindow => Exhaustion is { } at && at <= WindowEnd;
}
