namespace HeapLedger.Server.Api;

/// <summary>A page of <c>GET /api/v1/devices</c>; <c>total</c> counts every device the query matches.</summary>
public sealed record DeviceListReply(int SchemaVersion, int Page, int PageSize, long Total, IReadOnlyList<DeviceReply> Devices)
{
    public const int Version = 1;
}
