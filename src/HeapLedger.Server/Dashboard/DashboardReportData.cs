using HeapLedger.Server.Api;

namespace HeapLedger.Server.Dashboard;

/// <summary>
/// What <c>heapledger report</c> embeds: the API's replies for the fleet views, the most urgent
/// devices at risk (<c>atRisk.total</c> counts them all), and each listed device's detail by id.
/// </summary>
public sealed record DashboardReportData(
    int SchemaVersion,
    DateTimeOffset GeneratedAt,
    string Store,
    DeviceListReply AtRisk,
    RunwayReply Runway,
    PivotReply Pivot,
    IReadOnlyDictionary<string, DeviceDetailReply> Details)
{
    public const int Version = 1;
}
