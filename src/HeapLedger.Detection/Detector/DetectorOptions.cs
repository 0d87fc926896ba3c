namespace HeapLedger.Detection.Detector;

/// <summary>
/// The detector's thresholds. Each is about a shape or a significance level, not about one
/// fleet's numbers; docs/detection.md gives the reason for every default.
/// </summary>
public sealed record DetectorOptions
{
    public static DetectorOptions Default { get; } = new();

    /// <summary>The biggest allocation the firmware must still be able to make: the heap is exhausted when less than this is left.</summary>
    public long ReserveBytes { get; init; }

    /// <summary>The shortest floor window; long enough that bursts and caches that drain come back to the floor inside one.</summary>
    public TimeSpan MinimumWindow { get; init; } = TimeSpan.FromHours(4);

    /// <summary>A window holds at least this many heartbeats at the device's usual interval.</summary>
    public int SamplesPerWindow { get; init; } = 4;

    /// <summary>Windows are widened (doubled) until a device's series fits in this many, which bounds the O(windows²) statistics.</summary>
    public int MaxWindows { get; init; } = 64;

    /// <summary>A window with fewer heartbeats than this share of the expected count has a floor biased upwards and is left out.</summary>
    public double MinWindowCoverage { get; init; } = 0.5;

    /// <summary>Fewer windows than this after warm-up, over all segments, is not enough data.</summary>
    public int MinWindows { get; init; } = 8;

    /// <summary>Less time than this after warm-up, over all segments, is not enough data.</summary>
    public TimeSpan MinSpan { get; init; } = TimeSpan.FromDays(2);

    /// <summary>A segment (between reboots) needs this many windows after warm-up to count as evidence.</summary>
    public int MinSegmentWindows { get; init; } = 4;

    /// <summary>Warm-up lasts while the floor rises this many times faster than it does afterwards.</summary>
    public double WarmUpSteepness { get; init; } = 4;

    /// <summary>The Mann–Kendall Z (autocorrelation-corrected) a rising floor must reach: 3.09 is p &lt; 0.001 one-sided.</summary>
    public double TrendZ { get; init; } = 3.09;

    /// <summary>Mann–Kendall Z the second half of the analysed floors must reach on its own (1.645 = p &lt; 0.05): still rising now.</summary>
    public double TailZ { get; init; } = 1.645;

    /// <summary>The lowest-later floor's rise in the second half must be at least this share of its rise in the first: a filling cache slows to a stop, a leak keeps its pace.</summary>
    public double SustainedPaceShare { get; init; } = 0.7;

    /// <summary>The net rise must be this many times the largest fall below an earlier floor: a leak gives little back.</summary>
    public double RiseOverFallBack { get; init; } = 2;

    /// <summary>Two-sided confidence of the Sen slope interval, and so of the forecast interval.</summary>
    public double IntervalConfidence { get; init; } = 0.90;

    /// <summary>A quarter of the rising range counts as rising when it carries at least this share of the total rise.</summary>
    public double StaircaseStepShare { get; init; } = 0.10;

    /// <summary>No single quarter may carry more than this share of the rise: one step up is not a leak.</summary>
    public double StaircaseMaxShare { get; init; } = 0.60;

    /// <summary>The longest a leak verdict waits for confirmation: the series as it stood back to this long ago must have been judged leaking too (zero: no such check).</summary>
    public TimeSpan Persistence { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long the evidence must already have held, as a share of the time the forecast leaves before exhaustion (capped by <see cref="Persistence"/>).</summary>
    public double PersistenceShare { get; init; } = 0.1;

    /// <summary>The heap is forecast to run out when the floor line comes within this quantile of the windows' peaks above it of the limit.</summary>
    public double ExcursionQuantile { get; init; } = 0.5;

    /// <summary>The quantile of the largest block's share of free bytes (over the last week) that sets how much free memory the reserve needs.</summary>
    public double BlockShareQuantile { get; init; } = 0.1;

    /// <summary>A significant rise that would not exhaust the heap within this long is reported as healthy.</summary>
    public TimeSpan MaxForecast { get; init; } = TimeSpan.FromDays(365);
}
