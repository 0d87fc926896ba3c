namespace HeapLedger.Detection.Tests.Detector;

/// <summary>
/// A device whose heap is the sum of named allocation sites, each with its own shape, and whose
/// heartbeats carry every site's ledger: what a firmware with the SDK's site table sends. Seeded.
/// Kept next to <see cref="SyntheticDevice"/> for the same reason.
/// </summary>
internal sealed record SyntheticSites
{
    public const string Leak = "modem_driver.c:41";
    public const string Cache = "route_cache.c:88";
    public const string Step = "tls_session.c:210";
    public const string Pool = "rx_pool.c:57";

    public long HeapSize { get; init; } = 256 * 1024;

    /// <summary>Used heap outside the ledger's sites (stacks, the allocator's own).</summary>
    public long BaseUsed { get; init; } = 60_000;

    public double Days { get; init; } = 20;

    /// <summary>The leaking site keeps a block of this size every <see cref="LeakEveryHours"/>, give or take a third of that: a staircase.</summary>
    public long LeakBlockBytes { get; init; } = 900;

    public double LeakEveryHours { get; init; } = 6;

    public long CacheBytes { get; init; } = 30_000;

    public double CacheFillHours { get; init; } = 48;

    public long StepBytes { get; init; } = 20_000;

    public double StepAtHours { get; init; } = 14 * 24;

    /// <summary>The pool holds a random number of 512-byte buffers each heartbeat, up to this many.</summary>
    public int PoolBuffers { get; init; } = 24;

    public int Seed { get; init; } = 1;

    /// <summary>The leak's long-run rate in bytes per hour.</summary>
    public double LeakBytesPerHour => LeakBlockBytes / LeakEveryHours;

    public DeviceSeries Build(string device = "dev-sites")
    {
        var random = new Random(Seed);
        var count = (int)(Days * 24);
        var points = new List<HeapPoint>(count);
        string[] names = [Leak, Cache, Step, Pool];
        var samples = names.Select(_ => new List<SiteSample>(count)).ToArray();
        long leaked = 0;
        double Jitter() => (random.NextDouble() - 0.5) * 2 * LeakEveryHours / 3;
        var nextLeak = LeakEveryHours + Jitter();
        for (var i = 0; i < count; i++)
        {
            double hours = i;
            while (nextLeak <= hours)
            {
                leaked++;
                nextLeak = ((leaked + 1) * LeakEveryHours) + Jitter();
            }

            // The leaking site also holds a frame or two in flight, freed soon after.
            var inFlight = random.Next(0, 3);
            var cache = (long)(CacheBytes * Math.Min(1, hours / CacheFillHours)) - random.Next(0, 400);
            var step = hours >= StepAtHours ? StepBytes : 0;
            var pool = random.Next(0, PoolBuffers + 1);
            long[] counts = [leaked + inFlight, Math.Max(0, cache / 100), step > 0 ? 1 : 0, pool];
            long[] bytes = [(leaked * LeakBlockBytes) + (inFlight * 600), Math.Max(0, cache), step, pool * 512L];
            for (var s = 0; s < names.Length; s++)
            {
                samples[s].Add(new SiteSample(i, counts[s], bytes[s]));
            }

            var used = BaseUsed + bytes.Sum() + random.Next(0, 3000);
            var free = HeapSize - Math.Min(used, HeapSize);
            points.Add(new HeapPoint(SyntheticDevice.Start.AddHours(hours), hours * 3600, free, null, free, HeapSize));
        }

        return new DeviceSeries(device, points, new Dictionary<string, string>())
        {
            Sites = [.. names.Select((name, s) => new SiteSeries(name, samples[s]))],
        };
    }
}
