using HeapLedger.Fleet.Pivot;

namespace HeapLedger.Server.Api;

/// <summary>
/// One attribute value (or pair of values) over-represented among the leaking devices, with the
/// 2×2 table it rests on: <c>leakingWith</c> of <c>leakingTotal</c> leaking devices and
/// <c>healthyWith</c> of <c>healthyTotal</c> healthy ones have it. p-values are Fisher's exact
/// test, one-sided, and Holm-adjusted over every test made; <c>explained</c> is the share of
/// "which devices leak" it accounts for (the ranking).
/// </summary>
public sealed record PivotFindingReply(
    string Description,
    IReadOnlyDictionary<string, string> Conditions,
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
    public static PivotFindingReply From(PivotFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new PivotFindingReply(finding.Description, finding.Conditions.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal),
            finding.LeakingWith, finding.LeakingTotal, finding.HealthyWith, finding.HealthyTotal,
            Round(finding.Support), Round(finding.Precision), Round(finding.Lift), finding.RelativeRisk is { } risk ? Round(risk) : null,
            finding.PValue, finding.AdjustedPValue, finding.Significant, Round(finding.Explained));
    }

    private static double Round(double value) => Math.Round(value, 6);
}
