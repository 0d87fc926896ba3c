namespace HeapLedger.Core.Verdicts;

/// <summary>
/// The thresholds of <see cref="VerdictEngine"/>, in one place. The reasoning behind each is in
/// docs/verdicts.md; none depends on the size or speed of a program, only on shapes.
/// </summary>
public sealed record VerdictThresholds
{
    public static VerdictThresholds Default { get; } = new();

    /// <summary>
    /// Fewest observations of a site (events in a trace, rows in a snapshot stream), in the whole
    /// run and in a candidate segment, before it can be called a leak: a device's first few
    /// snapshots are too few to tell a trend from noise.
    /// </summary>
    public long MinimumObservations { get; init; } = 16;

    /// <summary>Windows a candidate leak segment is cut into for the trend test.</summary>
    public int Windows { get; init; } = 32;

    /// <summary>Mann–Kendall Z on the whole segment's window floors (3.09 = p &lt; 0.001 one-sided).</summary>
    public double SegmentZ { get; init; } = 3.09;

    /// <summary>Mann–Kendall Z on the second half of the segment (1.64 = p &lt; 0.05): still rising at the end.</summary>
    public double TailZ { get; init; } = 1.64;

    /// <summary>Of the segment's four quarters, how many must raise the floor.</summary>
    public int RisingQuarters { get; init; } = 3;

    /// <summary>The floor's rise in the segment's second half must be at least this share of its rise in the first: a leak keeps its pace, a filling cache slows to a stop.</summary>
    public double SustainedSlopeShare { get; init; } = 0.25;

    /// <summary>The floor's net rise over the segment must be this many times the most it ever fell back: a leak gives little back, a wandering population gives back as much as it takes.</summary>
    public double RiseOverFallBack { get; init; } = 2;

    /// <summary>Net floor rise, in mean allocation sizes of the site, below which nothing is called a leak.</summary>
    public double MinimumRiseInAllocations { get; init; } = 3;

    /// <summary>Onsets tried: multiples of 1/<see cref="OnsetSteps"/> of the run, up to <see cref="LatestOnset"/>.</summary>
    public int OnsetSteps { get; init; } = 16;

    /// <summary>The latest onset tried, as a share of the run: a leak must rise for at least the last quarter.</summary>
    public double LatestOnset { get; init; } = 0.75;

    /// <summary>A site active only within this share of the run and still holding memory is retained.</summary>
    public double RetainedActivityShare { get; init; } = 0.10;

    /// <summary>Mean lifetime, as a share of the run, under which a site that held no memory at the end is temporary.</summary>
    public double TemporaryLifetimeShare { get; init; } = 0.01;

    /// <summary>Most allocations of one site live at once for it still to count as temporary.</summary>
    public long TemporaryPeakLiveCount { get; init; } = 4;
}
