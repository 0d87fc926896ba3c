namespace HeapLedger.Detection;

/// <summary>One heartbeat's heap figures. Bytes; <see cref="UptimeSeconds"/> drops at a reboot.</summary>
public sealed record HeapPoint(
    DateTimeOffset Time,
    double? UptimeSeconds,
    long Free,
    long? MinimumFree,
    long? LargestFree,
    long HeapSize)
{
    /// <summary>Used heap: what a leak raises.</summary>
    public long Used => HeapSize - Free;
}
