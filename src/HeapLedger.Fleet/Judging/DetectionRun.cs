namespace HeapLedger.Fleet.Judging;

/// <summary>What one run of the detection job did.</summary>
public sealed record DetectionRun(int Judged, int Leaking, long HeartbeatsDeleted, TimeSpan Elapsed);
