using HeapLedger.Detection;

namespace HeapLedger.Fleet.Pivot;

/// <summary>
/// What the pivot needs of one device: its verdict, its attributes (firmware, driver, region,
/// coverage...: categorical strings, binned by whoever sends a number) and, when its heartbeats
/// carry ledgers, the sites judged leaking. <see cref="LeakingSites"/> is null for a device
/// without ledgers, empty for one whose ledger shows no leaking site.
/// </summary>
public sealed record PivotDevice(
    string Device,
    DeviceVerdict Verdict,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<string>? LeakingSites = null)
{
    /// <summary>From the detector's verdicts on one device's series.</summary>
    public static PivotDevice From(DeviceSeries series, DeviceForecast forecast, IReadOnlyList<SiteForecast>? sites = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(forecast);
        var leakingSites = series.Sites.Count == 0 || sites is null
            ? null
            : sites.Where(static s => s.Verdict == DeviceVerdict.Leaking).Select(static s => s.Site).ToArray();
        return new PivotDevice(forecast.Device, forecast.Verdict, series.Attributes, leakingSites);
    }
}
