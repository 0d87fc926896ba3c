namespace HeapLedger.Core.Verdicts;

/// <summary>What the verdict engine sees of one site.</summary>
/// <param name="Floors">Lowest live bytes per timeline span.</param>
/// <param name="Peaks">Highest live bytes per timeline span.</param>
/// <param name="SpanEndAllocations">Allocation events (whole trace) at the end of each span.</param>
/// <param name="SpanEndMilliseconds">The trace clock at the end of each span; null without timestamps.</param>
/// <param name="FirstEvent">Allocation count at the site's first event.</param>
/// <param name="LastEvent">Allocation count at the site's last event.</param>
/// <param name="LiveCountIntegral">Sum of the site's live count over allocation events.</param>
/// <param name="Observations">How many times the site was observed (events, or snapshot rows).</param>
public sealed record SiteEvidence(
    long[] Floors,
    long[] Peaks,
    long[] SpanEndAllocations,
    long[]? SpanEndMilliseconds,
    long LiveBytes,
    long LiveCount,
    long Allocations,
    long AllocatedBytes,
    long PeakLiveCount,
    long FirstEvent,
    long LastEvent,
    double LiveCountIntegral,
    long TotalAllocations,
    long Observations = long.MaxValue);
