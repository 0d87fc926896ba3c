namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// Labelled synthetic fleets: healthy devices with caches, bursts, daily cycles, one-off steps,
/// reboots, lost heartbeats and clock jitter, and leaking ones (<see cref="LeakKind"/>). Each device
/// is a pure function of the seed and its index, made only when asked for, so a fleet is streamed
/// device by device and can be generated in parallel in any order.
/// </summary>
public sealed class FleetGenerator
{
    // Any prime above the largest fleet makes index -> (index * prime + offset) mod N a permutation.
    private const long Stride = 2_654_435_761;

    private readonly FleetOptions _options;

    public FleetGenerator(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    public FleetOptions Options => _options;

    public int Count => _options.Devices;

    /// <summary>The whole fleet, one device at a time; nothing is kept between devices.</summary>
    public IEnumerable<LabelledSeries> Generate()
    {
        for (var i = 0; i < _options.Devices; i++)
        {
            yield return GenerateDevice(i);
        }
    }

    public LabelledSeries GenerateDevice(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _options.Devices);
        var random = SeededRandom.ForDevice(_options.Seed, index);
        var profile = DeviceProfile.Draw(random, _options, IsLeaking(index));
        return DeviceSimulator.Run($"dev-{index:D5}", profile, random, _options);
    }

    /// <summary>Exactly <see cref="FleetOptions.LeakingDevices"/> devices leak, spread over the indices by the seed.</summary>
    private bool IsLeaking(int index)
    {
        var n = _options.Devices;
        var offset = (long)(uint)_options.Seed % n;
        return ((index * Stride) + offset) % n < _options.LeakingDevices;
    }
}
