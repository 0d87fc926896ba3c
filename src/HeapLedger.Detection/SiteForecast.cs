namespace HeapLedger.Detection;

/// <summary>
/// An allocation site's verdict from its live bytes over a device's heartbeats. Rates are of
/// the site's live-bytes floor, in bytes per hour; a site has no exhaustion time of its own.
/// </summary>
/// <param name="Onset">When the site's rise began, null when not leaking.</param>
/// <param name="Points">Heartbeats the verdict rests on.</param>
public sealed record SiteForecast(
    string Site,
    DeviceVerdict Verdict,
    double? BytesPerHour,
    double? BytesPerHourLow,
    double? BytesPerHourHigh,
    DateTimeOffset? Onset,
    int Points,
    double Confidence)
{
    /// <summary>
    /// The share of a leaking device's rate that this leaking site accounts for (null unless
    /// both leak): the sites that explain a device's leak are the ones to fix.
    /// </summary>
    public double? ShareOf(DeviceForecast device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return Verdict == DeviceVerdict.Leaking && device is { Verdict: DeviceVerdict.Leaking, BytesPerHour: > 0 and var rate } && BytesPerHour is { } own
            ? own / rate
            : null;
    }
}
