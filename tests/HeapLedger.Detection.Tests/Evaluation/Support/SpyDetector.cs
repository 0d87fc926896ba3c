namespace HeapLedger.Detection.Tests.Evaluation.Support;

/// <summary>Remembers every series it was shown (copied), and alerts once it has seen a heartbeat whose free heap is <see cref="Marker"/>.</summary>
internal sealed class SpyDetector : IDeviceDetector
{
    public const long Marker = 12_345;

    public List<HeapPoint[]> Calls { get; } = [];

    public string Name => "spy";

    public DeviceForecast Judge(DeviceSeries series)
    {
        var points = series.Points.ToArray();
        lock (Calls)
        {
            Calls.Add(points);
        }

        var seen = Array.Exists(points, p => p.Free == Marker);
        return new DeviceForecast(series.Device, seen ? DeviceVerdict.Leaking : DeviceVerdict.Healthy, null, null, null, null, null, null, null, points.Length, null, 1);
    }
}
