namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// The field failure as a fleet (docs/simulator.md): gateways on firmware
/// <see cref="FieldFleetOptions.BuggyFirmware"/> or the healthy <see cref="FieldFleetOptions.HealthyFirmware"/>,
/// in good or weak coverage, behind the same third-party modem driver. The driver hands ownership
/// of its retry buffer to the caller, and 2.3.0 never frees it, so only 2.3.0 devices in weak
/// coverage (where the modem retries) leak: a chunk per retry, a staircase that would exhaust the
/// heap two to eight weeks after a reboot. Everyone else, leaking or not, has
/// <see cref="FleetGenerator"/>'s noise: caches, bursts, daily cycles, one-off steps, reboots
/// (which free the leak), lost heartbeats and clock jitter. A device whose heap runs out sends
/// nothing more. Each device is a pure function of the seed and its index.
/// </summary>
public sealed class FieldFleet
{
    private static readonly string[] Regions = ["north", "south", "east", "west"];

    private readonly FleetOptions _generator;

    public FieldFleet(FieldFleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _generator = options.ToFleetOptions();
    }

    public FieldFleetOptions Options { get; }

    public int Count => Options.Devices;

    public static string DeviceId(int index) => $"gw-{index:D5}";

    /// <summary>The whole fleet, one device at a time.</summary>
    public IEnumerable<LabelledSeries> Generate()
    {
        for (var i = 0; i < Options.Devices; i++)
        {
            yield return GenerateDevice(i);
        }
    }

    /// <summary>One device: its heartbeats, with its attributes, and the truth (leaking, when it went silent).</summary>
    public LabelledSeries GenerateDevice(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Options.Devices);
        var random = SeededRandom.ForDevice(Options.Seed, index);
        var buggy = random.Chance(Options.BuggyShare);
        var weak = random.Chance(Options.WeakCoverageShare);
        var region = Regions[random.Below(Regions.Length)];
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["firmware"] = buggy ? FieldFleetOptions.BuggyFirmware : FieldFleetOptions.HealthyFirmware,

            // Independent of the firmware: the same driver ships with both versions, and a few
            // older modems still run the previous one. The bug is in how 2.3.0 uses it.
            ["driver"] = random.Chance(0.15) ? "acme-modem 1.7" : "acme-modem 1.8",
            ["coverage"] = weak ? FieldFleetOptions.WeakCoverage : FieldFleetOptions.GoodCoverage,
            ["region"] = region,
            ["site"] = $"{region}-{random.Below(6) + 1:D2}",
        };

        var profile = buggy && weak
            ? DeviceProfile.DrawRetryLeak(random, _generator, daysToExhaustion: random.LogUniform(14, 56), bytesPerRetry: random.LogUniform(96, 640))
            : DeviceProfile.Draw(random, _generator, leaking: false);
        return DeviceSimulator.Run(DeviceId(index), profile, random, _generator, attributes);
    }
}
