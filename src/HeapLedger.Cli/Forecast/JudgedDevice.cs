using HeapLedger.Detection;

namespace HeapLedger.Cli.Forecast;

/// <summary>One device's forecast, its sites' verdicts (none without site ledgers), and the time of its last heartbeat, which the horizon counts from.</summary>
internal sealed record JudgedDevice(DeviceForecast Forecast, DateTimeOffset? LastHeartbeat)
{
    public IReadOnlyList<SiteForecast> Sites { get; init; } = [];

    /// <summary>Forecast to run out within <paramref name="horizon"/> of its last heartbeat.</summary>
    public bool ExhaustsWithin(TimeSpan horizon) =>
        Forecast is { Verdict: DeviceVerdict.Leaking, ExhaustionAt: { } at } && LastHeartbeat is { } last && at - last <= horizon;
}
