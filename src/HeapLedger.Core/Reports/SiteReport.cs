using HeapLedger.Core.Events;
using HeapLedger.Core.Verdicts;

namespace HeapLedger.Core.Reports;

/// <summary>One call site: its counts, its verdict and the evidence for it.</summary>
/// <param name="Stack">The stack that holds the most live memory at the end (else the first seen), innermost first.</param>
/// <param name="OnsetAllocations">For a leak, the allocation event at which the floor began to rise.</param>
/// <param name="Series">The site's live bytes per timeline span (floor and peak), for charts; null when not kept.</param>
public sealed record SiteReport(
    string? Function,
    string? File,
    int Line,
    string? Module,
    IReadOnlyList<Frame> Stack,
    long Allocations,
    long Frees,
    long LiveCount,
    long LiveBytes,
    long PeakLiveBytes,
    Verdict Verdict,
    double? GrowthBytesPerHour,
    double GrowthBytesPerThousandAllocations,
    double Confidence,
    long? OnsetAllocations,
    SiteSeries? Series)
{
    /// <summary>"function file:line", the way people name a site.</summary>
    public string DisplayName =>
        File is not null && Line > 0
            ? $"{Function ?? "??"} {File}:{Line}"
            : Function ?? (Stack.Count > 0 ? Stack[0].ToString() : "??");
}

public sealed record SiteSeries(IReadOnlyList<long> LiveBytesFloor, IReadOnlyList<long> LiveBytesPeak);
