using HeapLedger.Detection;

namespace HeapLedger.Fleet.Storage;

/// <summary>A stored heartbeat's figures with its sequence number.</summary>
public sealed record StoredPoint(long Seq, HeapPoint Point);
