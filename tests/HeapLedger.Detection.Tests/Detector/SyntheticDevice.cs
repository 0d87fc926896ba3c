using HeapLedger.Detection.Detector;

namespace HeapLedger.Detection.Tests.Detector;

/// <summary>
/// Builds one device's heartbeats from named shapes (a leak, a cache, a daily cycle, bursts,
/// steps, reboots, fragmentation), seeded, so each test says in one line what the device does.
/// Kept next to the detector tests because this folder is what the detector tests own.
/// </summary>
internal sealed record SyntheticDevice
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public long HeapSize { get; init; } = 256 * 1024;

    public long BaseUsed { get; init; } = 100_000;

    public double Days { get; init; } = 30;

    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Used heap right after boot is this much lower and climbs back within a few hours.</summary>
    public long WarmUpBytes { get; init; } = 20_000;

    public double LeakBytesPerHour { get; init; }

    /// <summary>Hours since the first heartbeat when the leak begins.</summary>
    public double LeakOnsetHours { get; init; }

    /// <summary>Whether a reboot frees what leaked (true for a real leak: the heap starts again).</summary>
    public bool LeakResetsAtReboot { get; init; } = true;

    public long CacheBytes { get; init; }

    public double CacheFillHours { get; init; } = 48;

    public long DailyCycleBytes { get; init; }

    /// <summary>Transient allocations above the floor, up to this many bytes, at random.</summary>
    public long BurstBytes { get; init; } = 6_000;

    public long StepBytes { get; init; }

    public double StepAtHours { get; init; }

    public double RebootEveryHours { get; init; }

    /// <summary>The largest free block shrinks this much faster than free bytes (bytes per hour).</summary>
    public double FragmentationBytesPerHour { get; init; }

    public int Seed { get; init; } = 1;

    public DeviceSeries Build(string device = "dev-1")
    {
        var random = new Random(Seed);
        var points = new List<HeapPoint>();
        var count = (int)(Days * 24 * 60 / Interval.TotalMinutes);
        double bootHours = 0;
        for (var i = 0; i < count; i++)
        {
            var hours = i * Interval.TotalHours;
            if (RebootEveryHours > 0 && hours - bootHours >= RebootEveryHours)
            {
                bootHours = hours;
            }

            var uptime = hours - bootHours;
            var used = Floor(hours, uptime) + (DailyCycleBytes * (1 + Math.Sin(2 * Math.PI * hours / 24)) / 2) + (random.NextDouble() * BurstBytes);
            var usedBytes = (long)Math.Min(used, HeapSize);
            var free = HeapSize - usedBytes;
            var fragmentation = (long)(FragmentationBytesPerHour * Math.Max(0, hours - LeakOnsetHours));
            var largest = Math.Max(0, free - fragmentation);
            points.Add(new HeapPoint(Start.AddHours(hours), uptime * 3600, free, null, largest, HeapSize));
        }

        return new DeviceSeries(device, points, new Dictionary<string, string>());
    }

    /// <summary>The used-heap floor the shapes put at a time: what a perfect detector would see.</summary>
    public double Floor(double hours, double uptime)
    {
        var warm = uptime < 3 ? WarmUpBytes * (1 - (uptime / 3)) : 0;
        var leakStart = LeakResetsAtReboot ? Math.Max(LeakOnsetHours, hours - uptime) : LeakOnsetHours;
        var leak = LeakBytesPerHour * Math.Max(0, hours - leakStart);
        var cache = CacheBytes * Math.Min(1, uptime / CacheFillHours);
        var step = StepBytes > 0 && hours >= StepAtHours ? StepBytes : 0;
        return BaseUsed - warm + leak + cache + step;
    }

    /// <summary>When the floor (no reboots) reaches the heap size less the reserve.</summary>
    public DateTimeOffset TrueExhaustion(long reserve = 0)
    {
        var hours = LeakOnsetHours + ((HeapSize - reserve - Floor(LeakOnsetHours, LeakOnsetHours + 1000)) / LeakBytesPerHour);
        return Start.AddHours(hours);
    }

    public static DeviceForecast Judge(DeviceSeries series, DetectorOptions? options = null) =>
        new LeakDetector(options ?? DetectorOptions.Default).Judge(series);
}
