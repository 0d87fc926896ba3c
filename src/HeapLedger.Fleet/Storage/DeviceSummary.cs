namespace HeapLedger.Fleet.Storage;

/// <summary>A device as the device list shows it: its latest heartbeat's time, its current judgement (null before the job first ran over it) and its latest attributes.</summary>
public sealed record DeviceSummary(
    string Device,
    DateTimeOffset? LastHeartbeat,
    StoredJudgement? Judgement,
    IReadOnlyDictionary<string, string> Attributes);
