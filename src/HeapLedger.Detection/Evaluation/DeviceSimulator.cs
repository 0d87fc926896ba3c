namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// Runs one <see cref="DeviceProfile"/> hour by hour through the window and writes the heartbeats a
/// server would receive, with the ground truth. The device is exhausted at the first hourly tick at
/// which its largest free block is below the reserve; that tick's heartbeat is the allocation that
/// fails, and the device sends nothing more (see <see cref="FleetOptions.ReportAfterExhaustion"/>).
/// </summary>
internal static class DeviceSimulator
{
    private const int Granule = 8;

    /// <param name="attributes">The device's attributes; by default its firmware is named after its heap size.</param>
    public static LabelledSeries Run(string device, DeviceProfile p, SeededRandom random, FleetOptions options, IReadOnlyDictionary<string, string>? attributes = null)
    {
        var hours = options.Days * 24;
        var points = new List<HeapPoint>(hours);
        var start = FleetOptions.WindowStart;
        var heap = (double)p.HeapSize;
        var sinceBoot = p.UptimeAtStartHours;
        double leaked = 0, split = 0, minFree = double.PositiveInfinity;
        double? firstLeakHour = p.Kind is LeakKind.None or LeakKind.Scenario ? null : p.OnsetHour;
        DateTimeOffset? exhaustion = null;
        var scenarioFrom = double.NaN;

        for (var hour = 0; hour < hours; hour++)
        {
            if (p.Kind == LeakKind.Scenario && hour % 24 == 0)
            {
                scenarioFrom = hour >= p.OnsetHour && random.Chance(p.ScenarioDayChance)
                    ? hour + random.Uniform(0, 24 - p.ScenarioHours)
                    : double.NaN;
            }

            if (hour > 0)
            {
                if (random.Chance(p.RebootChancePerHour))
                {
                    // Rebooted some time in the past hour: the heap starts over, leak and all.
                    sinceBoot = random.Uniform(0.02, 1);
                    leaked = 0;
                    split = 0;
                    minFree = double.PositiveInfinity;
                }
                else
                {
                    sinceBoot += 1;
                }

                if (LeakRuns(p, hour, scenarioFrom))
                {
                    firstLeakHour ??= hour - 1;
                    leaked += random.Poisson(p.LeakRate / p.ChunkBytes) * p.ChunkBytes;
                    split += random.Poisson(p.SplitRate / p.ChunkBytes) * p.ChunkBytes;
                }
            }

            var load = DailyLoad(p, hour);
            var used = p.Base
                - (p.WarmUpBytes * Math.Exp(-sinceBoot / p.WarmUpHours))
                + Steps(p, hour)
                + Cache(p, sinceBoot)
                + (p.DailyAmplitude * load)
                + (random.Chance(p.BurstChance) ? p.BurstBytes * random.Uniform(0.3, 1.5) : 0)
                + (p.NoiseBytes * Math.Clamp(random.Normal(), -4, 4))
                + leaked;
            var free = RoundDown(Math.Clamp(heap - used, 0, heap));
            var share = Math.Clamp(p.BlockShare - (p.BlockShareSwing * load) + (0.02 * random.Normal()), p.LowestBlockShare, 1);
            var largest = RoundDown(Math.Clamp((free * share) - split, 0, free));

            // Between heartbeats a burst may have taken more than the samples show.
            var dip = random.Chance(p.BurstChance * 4) ? p.BurstBytes * random.Uniform(0, 1) : 0;
            minFree = Math.Min(minFree, Math.Max(0, free - dip));

            var tick = start + TimeSpan.FromHours(hour);
            var exhaustedNow = largest < options.ReserveBytes;
            if (exhaustedNow && exhaustion is null)
            {
                exhaustion = tick;
                if (!options.ReportAfterExhaustion)
                {
                    break;
                }
            }

            var lost = (!exhaustedNow || !options.ReportAfterExhaustion)
                && (random.Chance(p.DropChance) || Array.Exists(p.Outages, o => hour >= o.From && hour < o.To));
            var jitter = TimeSpan.FromSeconds(random.Uniform(-p.JitterSeconds, p.JitterSeconds));
            if (!lost)
            {
                points.Add(new HeapPoint(tick + jitter, Math.Round(sinceBoot * 3600), (long)free, (long)RoundDown(minFree), (long)largest, p.HeapSize));
            }
        }

        var truth = new DeviceTruth(
            device,
            p.Kind != LeakKind.None,
            p.Kind,
            firstLeakHour is { } h ? start + TimeSpan.FromHours(h) : null,
            exhaustion,
            start,
            options.WindowEnd,
            p.AverageLeakRate);
        attributes ??= new Dictionary<string, string> { ["firmware"] = $"sim-{p.HeapSize >> 10}k" };
        return new LabelledSeries(new DeviceSeries(device, points, attributes), truth);
    }

    private static bool LeakRuns(DeviceProfile p, int hour, double scenarioFrom) => p.Kind switch
    {
        LeakKind.None => false,
        LeakKind.Scenario => !double.IsNaN(scenarioFrom) && hour > scenarioFrom && hour - 1 < scenarioFrom + p.ScenarioHours,
        _ => hour > p.OnsetHour,
    };

    /// <summary>0 at the quietest hour, 1 at the busiest, less at weekends (the window opens on a Monday).</summary>
    private static double DailyLoad(DeviceProfile p, int hour)
    {
        var cycle = 0.5 * (1 + Math.Cos(2 * Math.PI * ((hour % 24) - p.PeakHour) / 24));
        return (hour / 24 % 7) >= 5 ? cycle * p.WeekendFactor : cycle;
    }

    private static double Steps(DeviceProfile p, int hour)
    {
        var sum = 0.0;
        foreach (var (atHour, bytes) in p.Steps)
        {
            sum += hour >= atHour ? bytes : 0;
        }

        return sum;
    }

    private static double Cache(DeviceProfile p, double sinceBoot)
    {
        var age = double.IsInfinity(p.CacheFlushHours) ? sinceBoot : sinceBoot % p.CacheFlushHours;
        return p.CacheCapacity * (1 - Math.Exp(-age / p.CacheFillHours));
    }

    private static double RoundDown(double bytes) => Math.Floor(bytes / Granule) * Granule;
}
