namespace HeapLedger.Detection;

/// <summary>
/// Anything that judges a device from its heartbeats so far: the detector, and the baselines the
/// evaluation harness compares it with. Must depend only on the points it is given (no look-ahead).
/// </summary>
public interface IDeviceDetector
{
    string Name { get; }

    DeviceForecast Judge(DeviceSeries series);
}
