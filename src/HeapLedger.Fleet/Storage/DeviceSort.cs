namespace HeapLedger.Fleet.Storage;

/// <summary>The order of the device list.</summary>
public enum DeviceSort
{
    /// <summary>Leaking devices by exhaustion time (soonest first), then healthy, then insufficient data, then not yet judged; then by id.</summary>
    Urgency,

    /// <summary>By device id.</summary>
    Device,

    /// <summary>Most recently heard from first.</summary>
    LastHeartbeat,
}
