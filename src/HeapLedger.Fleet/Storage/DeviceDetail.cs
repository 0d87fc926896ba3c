namespace HeapLedger.Fleet.Storage;

/// <summary>One device for a dashboard: its summary, its recent heartbeats in time order, and its verdict changes, oldest first.</summary>
public sealed record DeviceDetail(DeviceSummary Summary, IReadOnlyList<StoredPoint> Series, IReadOnlyList<JudgementChange> History);
