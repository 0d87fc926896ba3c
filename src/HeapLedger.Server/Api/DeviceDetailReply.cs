namespace HeapLedger.Server.Api;

/// <summary><c>GET /api/v1/devices/{id}</c>: the device as the list shows it, its recent heartbeats in time order, and its verdict changes.</summary>
public sealed record DeviceDetailReply(DeviceReply Summary, IReadOnlyList<PointReply> Series, IReadOnlyList<VerdictChangeReply> History);
