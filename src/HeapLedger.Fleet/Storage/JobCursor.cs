namespace HeapLedger.Fleet.Storage;

/// <summary>
/// How far a job has read the devices in the order in which heartbeats of theirs were stored: the
/// store's receive stamp and, among devices with the same stamp, the device id. The stamp is the
/// store's own: Unix milliseconds in SQLite (one writer, so they follow commit order), the
/// committing transaction's id in PostgreSQL (read only below the oldest transaction still
/// running, so that a late commit cannot land behind the cursor). Only the store that made a
/// cursor can read it.
/// </summary>
public readonly record struct JobCursor(long ReceivedAt, string Device)
{
    public static JobCursor Start { get; } = new(long.MinValue, string.Empty);
}
