namespace HeapLedger.Fleet.Judging;

/// <summary>What one run of the detection job did.</summary>
/// <param name="LeakingSites">Sites judged leaking, summed over the devices judged.</param>
/// <param name="Notifications">Alert notifications the judgements caused (saved and queued for delivery).</param>
public sealed record DetectionRun(int Judged, int Leaking, long HeartbeatsDeleted, TimeSpan Elapsed, int LeakingSites = 0, int Notifications = 0);
