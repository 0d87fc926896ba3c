namespace HeapLedger.Fleet.Storage;

/// <summary>A device that stored heartbeats after a <see cref="JobCursor"/>; <see cref="Cursor"/> is the position just past it.</summary>
public sealed record ReportedDevice(string Device, DateTimeOffset? LastHeartbeat, JobCursor Cursor);
