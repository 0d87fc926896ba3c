namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// One synthetic device's character, drawn once from its own random stream: heap size, static and
/// bounded memory, daily cycle, bursts, reboots, lost heartbeats, clock jitter and, for a leaking
/// device, the leak. All sizes are bytes, all durations hours. Healthy devices are kept inside a
/// budget that makes exhaustion impossible by construction (a test checks it on the series).
/// </summary>
internal sealed class DeviceProfile
{
    private static readonly long[] HeapSizes = [64 << 10, 128 << 10, 256 << 10, 320 << 10, 512 << 10];

    public long HeapSize { get; private set; }
    public double Base { get; private set; }
    public double WarmUpBytes { get; private set; }
    public double WarmUpHours { get; private set; }
    public double CacheCapacity { get; private set; }
    public double CacheFillHours { get; private set; }

    /// <summary>Hours between cache flushes; infinity for a cache that plateaus until the next reboot.</summary>
    public double CacheFlushHours { get; private set; }
    public double DailyAmplitude { get; private set; }
    public double PeakHour { get; private set; }
    public double WeekendFactor { get; private set; }
    public double BurstChance { get; private set; }
    public double BurstBytes { get; private set; }
    public double NoiseBytes { get; private set; }
    public (double AtHour, double Bytes)[] Steps { get; private set; } = [];

    /// <summary>Largest free block as a share of free bytes at rest, and how much busy hours lower it.</summary>
    public double BlockShare { get; private set; }
    public double BlockShareSwing { get; private set; }
    public double RebootChancePerHour { get; private set; }
    public double UptimeAtStartHours { get; private set; }
    public double DropChance { get; private set; }
    public (double From, double To)[] Outages { get; private set; } = [];
    public double JitterSeconds { get; private set; }

    public LeakKind Kind { get; private set; }
    public double OnsetHour { get; private set; }

    /// <summary>Average bytes a running leak adds to used heap per hour (only while the mode is on, for a scenario leak).</summary>
    public double LeakRate { get; private set; }

    /// <summary>Bytes per hour by which a fragmentation leak shrinks the largest block beyond what it takes from free.</summary>
    public double SplitRate { get; private set; }
    public double ChunkBytes { get; private set; }
    public double ScenarioDayChance { get; private set; }
    public double ScenarioHours { get; private set; }

    /// <summary>The leak's average rate over the window, for the ground truth.</summary>
    public double AverageLeakRate => Kind == LeakKind.Scenario ? LeakRate * ScenarioDayChance * ScenarioHours / 24 : LeakRate;

    public static DeviceProfile Draw(SeededRandom random, FleetOptions options, bool leaking)
    {
        var p = DrawHealthy(random, options, mayRunHot: !leaking);
        if (leaking)
        {
            p.DrawLeak(random, options);
        }

        return p;
    }

    /// <summary>
    /// A device whose leak is its retry path's (<see cref="FieldFleet"/>): a steady staircase of
    /// <paramref name="bytesPerRetry"/> chunks, from before the window opens, at a rate that would
    /// exhaust the heap <paramref name="daysToExhaustion"/> days after a reboot.
    /// </summary>
    public static DeviceProfile DrawRetryLeak(SeededRandom random, FleetOptions options, double daysToExhaustion, double bytesPerRetry)
    {
        var p = DrawHealthy(random, options, mayRunHot: false);
        p.Kind = LeakKind.Steady;
        p.ChunkBytes = bytesPerRetry;
        p.LeakRate = p.LeakHeadroom(options.ReserveBytes) / (daysToExhaustion * 24);
        return p;
    }

    /// <summary>Everything but the leak. <paramref name="mayRunHot"/>: the draw that picks a hot device is made only then.</summary>
    private static DeviceProfile DrawHealthy(SeededRandom random, FleetOptions options, bool mayRunHot)
    {
        var windowHours = options.Days * 24.0;
        var p = new DeviceProfile();
        var heap = HeapSizes[random.Below(HeapSizes.Length)];
        p.HeapSize = heap;
        p.Base = random.Uniform(0.20, 0.45) * heap;
        p.WarmUpBytes = random.Uniform(0.02, 0.10) * heap;
        p.WarmUpHours = random.LogUniform(0.5, 12);
        p.CacheCapacity = random.Uniform(0, 0.15) * heap;
        p.CacheFillHours = random.LogUniform(3, 240);
        p.CacheFlushHours = random.Chance(0.5) ? random.LogUniform(24, 14 * 24) : double.PositiveInfinity;
        p.DailyAmplitude = random.Uniform(0.01, 0.08) * heap;
        p.PeakHour = random.Uniform(0, 24);
        p.WeekendFactor = random.Uniform(0.4, 1.0);
        p.BurstChance = random.Uniform(0.005, 0.05);
        p.BurstBytes = random.Uniform(0.02, 0.10) * heap;
        p.NoiseBytes = random.Uniform(0.001, 0.004) * heap;
        var steps = random.NextDouble() switch { < 0.6 => 0, < 0.9 => 1, _ => 2 };
        p.Steps = [.. Enumerable.Range(0, steps).Select(_ => (random.Uniform(0, windowHours), random.Uniform(0.02, 0.08) * heap))];
        p.BlockShare = random.Uniform(0.6, 0.95);
        p.BlockShareSwing = random.Uniform(0, 0.15);
        p.RebootChancePerHour = 1.0 / (24 * (random.NextDouble() switch { < 0.6 => 60.0, < 0.9 => 12.0, _ => 3.0 }));
        p.UptimeAtStartHours = random.Uniform(0, 30 * 24);
        p.DropChance = random.Chance(0.7) ? random.Uniform(0, 0.01) : random.Uniform(0.01, 0.08);
        var outages = random.Poisson(options.Days / 30.0);
        p.Outages = [.. Enumerable.Range(0, outages).Select(_ =>
        {
            var from = random.Uniform(0, windowHours);
            return (from, from + random.Uniform(2, 72));
        })];
        p.JitterSeconds = random.Chance(0.8) ? 60 : 900;

        // A few healthy devices run hot: at their peaks free heap dips under the 10% a threshold alert watches.
        // Their allocator keeps one big block, so the reserve stays allocatable even then.
        var hot = mayRunHot && random.Chance(0.05);
        if (hot)
        {
            p.BlockShare = random.Uniform(0.9, 0.97);
            p.BlockShareSwing = random.Uniform(0, 0.03);
            p.BurstChance = random.Uniform(0.03, 0.08);
        }

        p.FitBudget(options.ReserveBytes, hot ? 0.98 : random.Uniform(0.55, 0.85), fill: hot);
        return p;
    }

    /// <summary>Worst-case share of the free heap that is one contiguous block.</summary>
    public double LowestBlockShare => BlockShare - BlockShareSwing - 0.06;

    /// <summary>Used heap at its worst, before any leak: every bounded component at its peak at once.</summary>
    private double WorstUsed => Base + Steps.Sum(s => s.Bytes) + CacheCapacity + DailyAmplitude + (1.5 * BurstBytes) + (4 * NoiseBytes);

    /// <param name="fill">Scale the bounded components up to the budget too, not only down: a device that runs hot.</param>
    private void FitBudget(long reserve, double peakShare, bool fill)
    {
        // The peak must leave the reserve allocatable with margin, even at the most fragmented.
        var allowed = Math.Min(peakShare * HeapSize, HeapSize - (1.3 * reserve / LowestBlockShare));
        if (Base > 0.6 * allowed)
        {
            Base = 0.5 * allowed;
        }

        var variable = WorstUsed - Base;
        if ((fill || WorstUsed > allowed) && variable > 0)
        {
            var scale = (allowed - Base) / variable;
            CacheCapacity *= scale;
            DailyAmplitude *= scale;
            BurstBytes *= scale;
            NoiseBytes *= scale;
            Steps = [.. Steps.Select(s => (s.AtHour, s.Bytes * scale))];
        }
    }

    /// <summary>Free heap on a typical hour, before any leak.</summary>
    private double TypicalFree => HeapSize - (Base + Steps.Sum(s => s.Bytes) + (0.5 * CacheCapacity) + (0.5 * DailyAmplitude));

    /// <summary>What a leak of used bytes can take before the largest block falls under the reserve, on a typical hour.</summary>
    private double LeakHeadroom(long reserve) => Math.Max(TypicalFree - (reserve / BlockShare), 0.05 * HeapSize);

    private void DrawLeak(SeededRandom random, FleetOptions options)
    {
        var windowHours = options.Days * 24.0;
        Kind = random.NextDouble() switch
        {
            < 0.3 => LeakKind.Steady,
            < 0.6 => LeakKind.LateOnset,
            < 0.8 => LeakKind.Scenario,
            _ => LeakKind.Fragmentation,
        };
        OnsetHour = Kind switch
        {
            LeakKind.LateOnset => random.Uniform(0.1, 0.7) * windowHours,
            LeakKind.Scenario => random.Uniform(0, 0.5) * windowHours,
            LeakKind.Fragmentation => random.Chance(0.5) ? 0 : random.Uniform(0.1, 0.6) * windowHours,
            _ => 0,
        };

        // Days from onset to exhaustion if nothing rebooted it, log-uniform: from a few days to ~90.
        var daysToExhaustion = random.LogUniform(2.5, 100);
        var typicalFree = TypicalFree;
        ChunkBytes = random.LogUniform(16, 512);
        if (Kind == LeakKind.Fragmentation)
        {
            // The block shrinks to the reserve; free bytes fall at only a tenth to a third of that pace.
            var blockHeadroom = Math.Max((BlockShare * typicalFree) - options.ReserveBytes, 0.05 * HeapSize);
            var total = blockHeadroom / (daysToExhaustion * 24);
            LeakRate = total * random.Uniform(0.1, 0.3);
            SplitRate = total - LeakRate;
            return;
        }

        LeakRate = LeakHeadroom(options.ReserveBytes) / (daysToExhaustion * 24);
        if (Kind == LeakKind.Scenario)
        {
            ScenarioDayChance = random.Uniform(0.3, 1.0);
            ScenarioHours = random.Uniform(2, 10);
            LeakRate /= ScenarioDayChance * ScenarioHours / 24;
        }
    }
}
