namespace HeapLedger.Fleet;

/// <summary>
/// One heartbeat as a device (or a hub on its behalf) sends it: the names are the heap-series
/// format's (docs/formats/heap-series.md). <see cref="Seq"/> with <see cref="Device"/> makes it
/// unique, so a client that retries an unacknowledged heartbeat cannot store it twice. As parsed,
/// <see cref="Device"/> is empty when the heartbeat named none; <c>IngestService</c> then takes the
/// id of the device whose token posted it.
/// </summary>
public sealed record Heartbeat(
    string Device,
    long Seq,
    DateTimeOffset Time,
    double? UptimeSeconds,
    long Free,
    long? MinFree,
    long? LargestFree,
    long HeapSize,
    IReadOnlyList<SiteReading> Sites,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>One allocation site's ledger row in a heartbeat.</summary>
public sealed record SiteReading(string Site, long LiveCount, long LiveBytes);
