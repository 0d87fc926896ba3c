namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// The alert fleets use today: the device is "leaking" when its latest heartbeat shows free heap
/// under a share (10%) of the heap. It has no notion of rate, so it makes no forecast.
/// </summary>
public sealed class ThresholdAlert : IDeviceDetector
{
    public ThresholdAlert(double freeShare = 0.10)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(freeShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(freeShare, 1.0);
        FreeShare = freeShare;
    }

    public double FreeShare { get; }

    public string Name => "threshold-10%";

    public DeviceForecast Judge(DeviceSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var points = series.Points;
        if (points.Count == 0)
        {
            return new DeviceForecast(series.Device, DeviceVerdict.InsufficientData, null, null, null, null, null, null, null, 0, null, 0);
        }

        var last = points[^1];
        var low = last.Free < FreeShare * last.HeapSize;
        return new DeviceForecast(
            series.Device,
            low ? DeviceVerdict.Leaking : DeviceVerdict.Healthy,
            null, null, null, null, null, null, null,
            points.Count,
            low ? "free" : null,
            1);
    }
}
