using HeapLedger.Core.Statistics;

namespace HeapLedger.Detection.Detector;

/// <summary>
/// Tells a leaking device from a healthy one from its heap heartbeats, and forecasts when the
/// heap runs out: window floors per segment between reboots, a Mann–Kendall test robust to
/// autocorrelation, a Theil–Sen rate with its interval measured after the onset, and whichever
/// of free bytes and the largest free block runs out first. The method and every threshold are
/// explained in docs/detection.md. Cost: O(points) plus O(windows²), windows bounded by
/// <see cref="DetectorOptions.MaxWindows"/>.
/// </summary>
public sealed class LeakDetector(DetectorOptions options) : IDeviceDetector
{
    public LeakDetector() : this(DetectorOptions.Default) { }

    public DetectorOptions Options { get; } = options;

    public string Name => "heapledger";

    public DeviceForecast Judge(DeviceSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var verdict = JudgeOnce(series);
        if (verdict.Verdict != DeviceVerdict.Leaking || Options.Persistence <= TimeSpan.Zero)
        {
            return verdict;
        }

        // A leak must already have shown a while ago: evidence that appears in one window and is
        // gone in the next is a wandering working set, and an alert that flickers is noise. How
        // long ago scales with the time left: a heap that runs out in two days is reported at
        // once, one that runs out in two months can be watched for a week first (a cache that
        // fills for days looks like a leak until it slows down).
        var points = series.Points;
        var now = points[^1].Time;
        var left = verdict.ExhaustionAt is { } at ? (at - now).TotalHours : Options.MaxForecast.TotalHours;
        var confirm = TimeSpan.FromHours(Math.Min(Options.Persistence.TotalHours, Options.PersistenceShare * left));
        // Looks back in steps of the fine window (a device that reports every six hours has
        // day-long windows: four hours back would be the same evidence less one heartbeat).
        var step = TimeSpan.FromHours(Math.Max(Options.MinimumWindow.TotalHours, Options.SamplesPerWindow * (MedianIntervalHours(points) ?? 0)));
        var ago = step;
        while (ago <= confirm)
        {
            var cut = now - ago;
            var earlier = RecentStart(points, cut);
            while (earlier < points.Count && points[earlier].Time <= cut)
            {
                earlier++;
            }

            if (JudgeOnce(series with { Points = new PointPrefix(points, earlier) }).Verdict != DeviceVerdict.Leaking)
            {
                return verdict with { Verdict = DeviceVerdict.Healthy, Onset = null, ExhaustionAt = null, ExhaustionLow = null, ExhaustionHigh = null, Limit = null };
            }

            // Every window back to a day, then at doubling distances: a few looks cover weeks.
            ago = ago < TimeSpan.FromDays(1) ? ago + step : ago * 2;
            if (ago > confirm && ago < 2 * confirm && ago - confirm > step)
            {
                ago = confirm;
            }
        }

        return verdict;
    }

    private DeviceForecast JudgeOnce(DeviceSeries series)
    {
        var points = series.Points;
        if (points.Count < 2 || MedianIntervalHours(points) is not { } interval)
        {
            return Insufficient(series.Device, points.Count);
        }

        // Two scales. The fine one (the shortest window the sampling allows) over the recent
        // past catches a fast leak within days of its onset; the coarse one (windows doubled
        // until the whole history fits) sees a slow leak through daily cycles and noise. Both
        // stay within MaxWindows, so the cost does not grow with the history.
        var fineWidth = Math.Max(Options.MinimumWindow.TotalHours, Options.SamplesPerWindow * interval);
        var span = (points[^1].Time - points[0].Time).TotalHours;
        var fineSpan = fineWidth * Options.MaxWindows;
        // The recent view starts on a grid of whole fine windows from the first heartbeat, so a
        // new heartbeat does not shift every window (and every floor) by an hour.
        var skipped = Math.Max(0, Math.Ceiling((span - fineSpan) / fineWidth));
        var recent = RecentStart(points, points[0].Time.AddHours(skipped * fineWidth));
        var fine = Assess(series.Device, points, recent, fineWidth, interval);
        if (span <= fineSpan)
        {
            return fine;
        }

        var coarseWidth = fineWidth;
        while (span / coarseWidth > Options.MaxWindows)
        {
            coarseWidth *= 2;
        }

        var coarse = Assess(series.Device, points, 0, coarseWidth, interval);
        if (fine.Verdict != DeviceVerdict.Leaking)
        {
            return coarse.Verdict == DeviceVerdict.InsufficientData ? fine : coarse;
        }

        // The fine scale sees only the recent past: when it found no break there, the leak is
        // older than its view, and the coarse scale knows when it began.
        // Where the coarse windows are too few per segment to prove the shape (a device that
        // restarts every few days), the fine windows over the whole history date it instead:
        // that costs O(windows²) per segment, so it is done only for a leak, and only while the
        // history stays within a bounded number of fine windows.
        var noBreak = fine.Onset <= points[recent].Time.AddHours(2 * fineWidth);
        if (!noBreak)
        {
            return fine;
        }

        if (coarse is { Verdict: DeviceVerdict.Leaking, Onset: { } began } && began < fine.Onset)
        {
            return fine with { Onset = began };
        }

        if (span / fineWidth <= 16 * Options.MaxWindows
            && Assess(series.Device, points, 0, fineWidth, interval) is { Verdict: DeviceVerdict.Leaking, Onset: { } start } && start < fine.Onset)
        {
            return fine with { Onset = start };
        }

        return fine;
    }

    private DeviceForecast Assess(string device, IReadOnlyList<HeapPoint> all, int first, double width, double interval)
    {
        var points = first == 0 ? all : all.Skip(first).ToArray();
        var origin = points[0].Time;
        var span = (points[^1].Time - origin).TotalHours;
        var minPoints = Math.Max(1, (int)Math.Ceiling(Options.MinWindowCoverage * width / interval));
        var segments = SegmentWindows.Build(points, origin, width, minPoints);
        var limit = (double)points[^1].HeapSize - Options.ReserveBytes;
        // Free bytes run out for the firmware when the reserve no longer fits in the largest free
        // block, which is only a share of them: the used heap's limit is the heap less the reserve
        // over that share at its lowest lately (free bytes alone: the reserve itself).
        var usedLimit = (double)points[^1].HeapSize - (Options.ReserveBytes / LowBlockShare(points, Options.BlockShareQuantile));
        var used = ResourceOutlook.Assess(segments, deficit: false, usedLimit, width, Options);
        if (!used.Enough)
        {
            return Insufficient(device, all.Count);
        }

        // The largest block as a consumable of its own: fragmentation shrinks it faster than free
        // bytes fall (its rate above the used heap's, beyond both intervals), and only then does
        // its own trend say more than the used heap's does. A block that merely follows free
        // bytes down swings with them, and its swings shrink as the heap fills.
        var block = segments.TrueForAll(s => s.HasDeficit) ? ResourceOutlook.Assess(segments, deficit: true, limit, width, Options) : null;
        var binding = used.Rising ? used : null;
        var limitName = "free";
        var fragmenting = block is { Enough: true, Rising: true } && (!used.Rising || block.Rate.Low > used.Rate.High);
        if (fragmenting && (binding is null || block!.ExhaustionHours < binding.ExhaustionHours))
        {
            binding = block;
            limitName = "largest-block";
        }

        var evidence = binding ?? used;
        var confidence = 1 - MannKendall.UpperTailP(evidence.Z);
        if (binding is null)
        {
            return new DeviceForecast(device, DeviceVerdict.Healthy, used.Rate.Slope, used.Rate.Low, used.Rate.High,
                null, null, null, null, used.Points, null, confidence);
        }

        var farthest = Options.MaxForecast.TotalHours * 10;
        DateTimeOffset? Time(double? hours) => hours is { } h && h - span <= farthest ? origin.AddHours(h) : null;
        return new DeviceForecast(device, DeviceVerdict.Leaking, used.Rate.Slope, used.Rate.Low, used.Rate.High,
            Time(binding.OnsetHours), Time(binding.ExhaustionHours), Time(binding.ExhaustionLowHours), Time(binding.ExhaustionHighHours),
            binding.Points, limitName, confidence);
    }

    /// <summary>
    /// A low quantile of the largest free block's share of free bytes over the last week of
    /// heartbeats that report both; 1 when none do.
    /// </summary>
    private static double LowBlockShare(IReadOnlyList<HeapPoint> points, double quantile)
    {
        var since = points[^1].Time.AddDays(-7);
        var shares = new List<double>();
        for (var i = points.Count - 1; i >= 0 && points[i].Time >= since; i--)
        {
            if (points[i] is { LargestFree: { } largest, Free: > 0 } point)
            {
                shares.Add(Math.Clamp((double)largest / point.Free, 0, 1));
            }
        }

        if (shares.Count == 0)
        {
            return 1;
        }

        shares.Sort();
        return Math.Max(shares[(int)Math.Floor(quantile * (shares.Count - 1))], 0.01);
    }

    /// <summary>The first heartbeat at or after <paramref name="from"/>.</summary>
    private static int RecentStart(IReadOnlyList<HeapPoint> points, DateTimeOffset from)
    {
        int low = 0, high = points.Count - 1;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (points[mid].Time < from)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static DeviceForecast Insufficient(string device, int points) =>
        new(device, DeviceVerdict.InsufficientData, null, null, null, null, null, null, null, points, null, 0);

    /// <summary>The usual time between heartbeats: the median, so missing heartbeats and downtime do not stretch it.</summary>
    private static double? MedianIntervalHours(IReadOnlyList<HeapPoint> points)
    {
        var gaps = new double[points.Count - 1];
        var count = 0;
        for (var i = 1; i < points.Count; i++)
        {
            var gap = (points[i].Time - points[i - 1].Time).TotalHours;
            if (gap > 0)
            {
                gaps[count++] = gap;
            }
        }

        if (count == 0)
        {
            return null;
        }

        var sorted = gaps.AsSpan(0, count);
        sorted.Sort();
        return sorted[count / 2];
    }
}
