namespace HeapLedger.Detection.Evaluation;

/// <summary>What <see cref="FieldFleet"/> makes: the field failure's fleet, its size and its mix.</summary>
/// <param name="Devices">Devices in the fleet.</param>
/// <param name="Days">Length of the window, in days of hourly heartbeats.</param>
/// <param name="Seed">The fleet is a pure function of the options: same seed, same fleet.</param>
/// <param name="BuggyShare">Share of devices on <see cref="BuggyFirmware"/>; the others run <see cref="HealthyFirmware"/>.</param>
/// <param name="WeakCoverageShare">Share of devices in weak coverage, where the modem retries.</param>
/// <param name="ReserveBytes">The allocation a heartbeat needs: a device whose largest free block falls under it goes silent.</param>
public sealed record FieldFleetOptions(
    int Devices = 1000,
    int Days = 60,
    int Seed = 1,
    double BuggyShare = 0.4,
    double WeakCoverageShare = 0.25,
    long ReserveBytes = FleetOptions.DefaultReserveBytes)
{
    /// <summary>The version that keeps the driver's retry buffers: ownership passes to the caller on that path, and it never frees them.</summary>
    public const string BuggyFirmware = "2.3.0";

    /// <summary>The previous version, which does not take the retry path that hands ownership over.</summary>
    public const string HealthyFirmware = "2.2.1";

    public const string WeakCoverage = "weak";

    public const string GoodCoverage = "good";

    /// <summary>Heartbeats start here (as <see cref="FleetOptions.WindowStart"/>) and come hourly.</summary>
    public static DateTimeOffset WindowStart => FleetOptions.WindowStart;

    public DateTimeOffset WindowEnd => WindowStart + TimeSpan.FromDays(Days);

    /// <summary>What is wrong with these options, in words for a person; null when nothing is.</summary>
    public string? Problem() =>
        Devices is < 1 or > 1_000_000 ? $"devices must be between 1 and 1,000,000, not {Devices}"
        : Days is < 1 or > 3650 ? $"days must be between 1 and 3650, not {Days}"
        : BuggyShare is < 0 or > 1 || double.IsNaN(BuggyShare) ? $"the share on firmware {BuggyFirmware} must be between 0 and 1, not {BuggyShare}"
        : WeakCoverageShare is < 0 or > 1 || double.IsNaN(WeakCoverageShare) ? $"the share in weak coverage must be between 0 and 1, not {WeakCoverageShare}"
        : ToFleetOptions().Problem();

    public void Validate()
    {
        if (Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }

    /// <summary>The generator's options for the same window; which devices leak is decided here, not by its share.</summary>
    internal FleetOptions ToFleetOptions() => new(Devices, Days, LeakingShare: 0, Seed, ReserveBytes);
}
