namespace HeapLedger.Fleet.Ingest;

/// <summary>Why a whole body was refused (nothing in it was stored): it is not JSON, or holds too many heartbeats.</summary>
public sealed record BodyError(bool TooLarge, string Message);
