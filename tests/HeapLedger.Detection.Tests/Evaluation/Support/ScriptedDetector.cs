namespace HeapLedger.Detection.Tests.Evaluation.Support;

/// <summary>
/// Says "leaking" for a device while its latest heartbeat falls in one of the device's scripted
/// intervals, with a scripted forecast: first alerts known in advance, to check the figures.
/// </summary>
internal sealed class ScriptedDetector(IReadOnlyDictionary<string, (DateTimeOffset From, DateTimeOffset To, DateTimeOffset? Forecast)[]> script) : IDeviceDetector
{
    public string Name => "scripted";

    public DeviceForecast Judge(DeviceSeries series)
    {
        var latest = series.Points[^1].Time;
        var hit = script.TryGetValue(series.Device, out var intervals)
            ? intervals.FirstOrDefault(i => latest >= i.From && latest < i.To)
            : default;
        var leaking = hit.To != default;
        return new DeviceForecast(series.Device, leaking ? DeviceVerdict.Leaking : DeviceVerdict.Healthy, null, null, null, null,
            leaking ? hit.Forecast : null, null, null, series.Points.Count, null, 1);
    }
}
