using HeapLedger.Detection;

namespace HeapLedger.Server.Api;

/// <summary>
/// One allocation site of a device's ledger as the detection job last judged it: its verdict, the
/// rate of its live bytes' floor (bytes per hour, with the interval), when its rise began, and
/// <c>share</c>: the part of the device's own leak rate it accounts for (null unless both leak).
/// </summary>
public sealed record SiteReply(
    string Site,
    string Verdict,
    double? BytesPerHour,
    double? BytesPerHourLow,
    double? BytesPerHourHigh,
    DateTimeOffset? Onset,
    int Points,
    double Confidence,
    double? Share)
{
    public static SiteReply From(SiteForecast site, DeviceForecast? device)
    {
        ArgumentNullException.ThrowIfNull(site);
        return new SiteReply(site.Site, DeviceVerdictNames.Name(site.Verdict), Round(site.BytesPerHour), Round(site.BytesPerHourLow), Round(site.BytesPerHourHigh),
            site.Onset, site.Points, Math.Round(site.Confidence, 6), device is null ? null : Round(site.ShareOf(device)));
    }

    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 3) : null;
}
