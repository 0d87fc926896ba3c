namespace HeapLedger.Fleet.Ingest;

/// <summary>
/// One heartbeat of a request as parsed: either <see cref="Heartbeat"/> or the <see cref="Reason"/>
/// it was rejected. <see cref="Index"/> counts items from 0 in the order of the body;
/// <see cref="Line"/> is the NDJSON line (from 1). A heartbeat without a device id has
/// <c>Device == ""</c>: a device's own token names it.
/// </summary>
public sealed record ParsedItem(int Index, int? Line, Heartbeat? Heartbeat, string? Reason);
