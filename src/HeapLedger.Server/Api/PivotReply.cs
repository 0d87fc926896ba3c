using HeapLedger.Fleet.Pivot;

namespace HeapLedger.Server.Api;

/// <summary>
/// <c>GET /api/v1/pivot</c>: what the leaking devices share, most explaining first, and the
/// sites they leak at (docs/pivot-and-alerts.md gives the method; docs/fleet-service.md the fields).
/// </summary>
public sealed record PivotReply(
    int SchemaVersion,
    int LeakingDevices,
    int HealthyDevices,
    int ExcludedDevices,
    int Tests,
    IReadOnlyList<PivotFindingReply> Findings,
    int LeakingDevicesWithLedgers,
    IReadOnlyList<PivotSiteReply> Sites,
    IReadOnlyList<string> TruncatedAttributes)
{
    public const int Version = 1;

    public static PivotReply From(PivotReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new PivotReply(Version, report.LeakingDevices, report.HealthyDevices, report.ExcludedDevices, report.Tests,
            [.. report.Findings.Select(PivotFindingReply.From)], report.LeakingDevicesWithLedgers,
            [.. report.Sites.Select(s => new PivotSiteReply(s.Site, s.LeakingDevices, Math.Round(s.Share, 6), s.OtherDevices))],
            report.TruncatedAttributes);
    }
}
