namespace HeapLedger.Detection;

/// <summary>
/// One allocation site's ledger over a device's heartbeats, in the order of the points. A site
/// absent from a heartbeat has no sample there: absent is unknown, not zero.
/// </summary>
public sealed record SiteSeries(string Site, IReadOnlyList<SiteSample> Samples);
