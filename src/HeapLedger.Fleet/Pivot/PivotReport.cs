namespace HeapLedger.Fleet.Pivot;

/// <summary>What the leaking devices share, most explaining first, and the sites they leak at.</summary>
/// <param name="ExcludedDevices">Devices with insufficient data, left out.</param>
/// <param name="Tests">Hypotheses tested (singles and pairs): the Holm correction's family.</param>
/// <param name="LeakingDevicesWithLedgers">Leaking devices that sent per-site ledgers: the sites' denominator.</param>
/// <param name="TruncatedAttributes">Attributes with more values than were considered, or left out altogether.</param>
public sealed record PivotReport(
    int LeakingDevices,
    int HealthyDevices,
    int ExcludedDevices,
    int Tests,
    IReadOnlyList<PivotFinding> Findings,
    int LeakingDevicesWithLedgers,
    IReadOnlyList<SiteFinding> Sites,
    IReadOnlyList<string> TruncatedAttributes);
