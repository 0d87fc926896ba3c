namespace HeapLedger.Detection;

/// <summary>What the detector says of a device. JSON names: leaking, healthy, insufficient-data.</summary>
public enum DeviceVerdict
{
    Leaking,
    Healthy,
    InsufficientData,
}
