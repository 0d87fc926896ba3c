namespace HeapLedger.Detection.Evaluation;

/// <summary>What <see cref="FleetGenerator"/> makes: how many devices, for how long, how many leak.</summary>
/// <param name="Devices">Devices in the fleet.</param>
/// <param name="Days">Length of the observation window.</param>
/// <param name="LeakingShare">Share of devices that leak (exactly round(Devices × share) of them).</param>
/// <param name="Seed">The fleet is a pure function of the options: same seed, same fleet.</param>
/// <param name="ReserveBytes">
/// The biggest allocation the firmware must still be able to make: a device is exhausted at the
/// first heartbeat at which its largest free block is smaller than this.
/// </param>
/// <param name="ReportAfterExhaustion">
/// False (the default, and what the harness uses): an exhausted device sends no more heartbeats, as
/// the gateway example goes silent when its heartbeat's allocation fails. True keeps reporting, for
/// tests and plots that want to see the heap past the failure.
/// </param>
public sealed record FleetOptions(
    int Devices = 2000,
    int Days = 90,
    double LeakingShare = 0.1,
    int Seed = 1,
    long ReserveBytes = FleetOptions.DefaultReserveBytes,
    bool ReportAfterExhaustion = false)
{
    public const long DefaultReserveBytes = 4096;

    /// <summary>Heartbeats are hourly, the cadence the issue sets.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromHours(1);

    /// <summary>A fixed start keeps the fleet reproducible; a Monday, so that weekends fall on days 5 and 6.</summary>
    public static readonly DateTimeOffset WindowStart = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset WindowEnd => WindowStart + TimeSpan.FromDays(Days);

    public int LeakingDevices => (int)Math.Round(Devices * LeakingShare, MidpointRounding.AwayFromZero);

    /// <summary>What is wrong with these options, in words for a person; null when nothing is.</summary>
    public string? Problem() =>
        Devices is < 1 or > 10_000_000 ? $"devices must be between 1 and 10,000,000, not {Devices}"
        : Days is < 1 or > 3650 ? $"days must be between 1 and 3650, not {Days}"
        : LeakingShare is < 0 or > 1 || double.IsNaN(LeakingShare) ? $"the leaking share must be between 0 and 1, not {LeakingShare}"
        : ReserveBytes is < 16 or > 1 << 20 ? $"the reserve must be between 16 bytes and 1 MiB, not {ReserveBytes}"
        : null;

    public void Validate()
    {
        if (Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }
}
