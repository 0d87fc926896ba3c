namespace HeapLedger.Fleet.Pivot;

/// <summary>The pivot's limits and thresholds; docs/pivot-and-alerts.md says why each default.</summary>
public sealed record PivotOptions
{
    public static PivotOptions Default { get; } = new();

    /// <summary>Attributes considered, those present on the most devices first.</summary>
    public int MaxAttributes { get; init; } = 64;

    /// <summary>Values considered per attribute, those held by the most leaking devices first.</summary>
    public int MaxValuesPerAttribute { get; init; } = 32;

    /// <summary>A finding must cover at least this many leaking devices...</summary>
    public int MinLeakingDevices { get; init; } = 3;

    /// <summary>...and at least this share of them: a smaller group is not what the draining devices share.</summary>
    public double MinSupport { get; init; } = 0.05;

    /// <summary>Family-wise error rate, held by Holm's step-down Bonferroni over every test made.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Whether pairs of values (from two attributes) are tested too.</summary>
    public bool IncludePairs { get; init; } = true;

    /// <summary>Single values, by leaking devices covered, that may be combined into pairs.</summary>
    public int MaxPairValues { get; init; } = 256;

    public int MaxFindings { get; init; } = 50;

    public int MaxSites { get; init; } = 50;
}
