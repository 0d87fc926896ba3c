using HeapLedger.Detection;

namespace HeapLedger.Cli.Forecast;

/// <summary>One device's forecast and the time of its last heartbeat, which the horizon counts from.</summary>
internal sealed record JudgedDevice(DeviceForecast Forecast, DateTimeOffset? LastHeartbeat)
{
    /// <summary>Forecast to run out within <paramref name="horizon"/> of its last heartbeat.</summary>
    public bool ExhaustsWithin(TimeSpan horizon) =>
        Forecast is { Verdict: DeviceVerdict.Leaking, ExhaustionAt: { } at } && LastHeartbeat is { } last && at - last <= horizon;
}
