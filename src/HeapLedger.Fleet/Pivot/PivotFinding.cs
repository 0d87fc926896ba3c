namespace HeapLedger.Fleet.Pivot;

/// <summary>
/// One value (or pair of values) over-represented among leaking devices, with the 2×2 table it
/// rests on. Ranked by <see cref="Explained"/>; <see cref="Significant"/> after Holm's correction
/// over every test the pivot made.
/// </summary>
/// <param name="LeakingWith">Leaking devices that have the value(s).</param>
/// <param name="LeakingTotal">Leaking devices in the pivot.</param>
/// <param name="HealthyWith">Healthy devices that have the value(s).</param>
/// <param name="HealthyTotal">Healthy devices in the pivot.</param>
/// <param name="Support">Share of leaking devices that have it: LeakingWith / LeakingTotal.</param>
/// <param name="Precision">Share of the devices that have it that leak.</param>
/// <param name="Lift">Precision over the fleet's leaking share (the devices that have it leak this many times as often as the fleet).</param>
/// <param name="RelativeRisk">Precision over the leaking share of the devices without it; null when no device without it leaks.</param>
/// <param name="PValue">Fisher's exact test, one-sided (over-represented), before correction.</param>
/// <param name="AdjustedPValue">Holm-adjusted p-value.</param>
/// <param name="Explained">Mutual information between having it and leaking, as a share of the entropy of leaking (0..1).</param>
public sealed record PivotFinding(
    IReadOnlyList<AttributeValue> Conditions,
    int LeakingWith,
    int LeakingTotal,
    int HealthyWith,
    int HealthyTotal,
    double Support,
    double Precision,
    double Lift,
    double? RelativeRisk,
    double PValue,
    double AdjustedPValue,
    bool Significant,
    double Explained)
{
    /// <summary><c>firmware=2.3 AND coverage=weak</c>.</summary>
    public string Description => string.Join(" AND ", Conditions);
}
