namespace HeapLedger.Detection;

/// <summary>
/// The one spelling of a verdict outside the code: <c>heapledger forecast --format json</c>, the
/// fleet service's API and its store all say <c>leaking</c>, <c>healthy</c> and <c>insufficient-data</c>.
/// </summary>
public static class DeviceVerdictNames
{
    public const string Leaking = "leaking";
    public const string Healthy = "healthy";
    public const string InsufficientData = "insufficient-data";

    public static string Name(DeviceVerdict verdict) => verdict switch
    {
        DeviceVerdict.Leaking => Leaking,
        DeviceVerdict.Healthy => Healthy,
        _ => InsufficientData,
    };

    public static bool TryParse(string? name, out DeviceVerdict verdict)
    {
        (var known, verdict) = name switch
        {
            Leaking => (true, DeviceVerdict.Leaking),
            Healthy => (true, DeviceVerdict.Healthy),
            InsufficientData => (true, DeviceVerdict.InsufficientData),
            _ => (false, DeviceVerdict.InsufficientData),
        };
        return known;
    }
}
