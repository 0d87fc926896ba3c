namespace HeapLedger.Fleet.Storage;

/// <summary>
/// How far a job has read the devices in the order of their last stored heartbeat: the store's
/// receive stamp (Unix milliseconds) and, among devices with the same stamp, the device id.
/// </summary>
public readonly record struct JobCursor(long ReceivedAt, string Device)
{
    public static JobCursor Start { get; } = new(long.MinValue, string.Empty);
}
