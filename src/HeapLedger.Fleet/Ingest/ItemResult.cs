namespace HeapLedger.Fleet.Ingest;

/// <summary>One heartbeat's outcome in the reply; <see cref="Device"/> and <see cref="Seq"/> when the heartbeat was readable that far.</summary>
public sealed record ItemResult(int Index, int? Line, string? Device, long? Seq, ItemStatus Status, string? Error = null, string? Reason = null);
