namespace HeapLedger.Server.Api;

/// <summary>
/// <c>GET /api/v1/devices/{id}</c>: the device as the list shows it, its recent heartbeats in time
/// order, its verdict changes, and its ledger's sites as last judged, leaking first (empty when
/// its heartbeats carry no ledger).
/// </summary>
public sealed record DeviceDetailReply(DeviceReply Summary, IReadOnlyList<PointReply> Series, IReadOnlyList<VerdictChangeReply> History, IReadOnlyList<SiteReply> Sites);
