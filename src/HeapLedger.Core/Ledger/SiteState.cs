using HeapLedger.Core.Events;

namespace HeapLedger.Core.Ledger;

/// <summary>The running figures of one call site.</summary>
internal sealed class SiteState(Frame site, int firstStack)
{
    public Frame Site { get; } = site;

    public int FirstStack { get; } = firstStack;

    public SeriesAccumulator Series { get; } = new();

    public long Allocations;

    /// <summary>How many times the site's figures were observed: every event in a trace, every row of a snapshot stream.</summary>
    public long Observations;
    public long Frees;
    public long LiveCount;
    public long PeakLiveBytes;
    public long PeakLiveCount;
    public long AllocatedBytes;

    /// <summary>Allocation count at the site's first and last event: how long it was active.</summary>
    public long FirstEvent = -1;
    public long LastEvent;

    /// <summary>Sums of the allocation counts at which the site allocated and freed: with the live
    /// count they give the integral of live count over the run (Little's law: mean lifetime).</summary>
    public double AllocationTimes;
    public double FreeTimes;

    public double LiveCountIntegral(long end) => FreeTimes + ((double)LiveCount * end) - AllocationTimes;
}
