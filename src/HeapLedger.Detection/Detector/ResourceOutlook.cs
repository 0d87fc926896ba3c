namespace HeapLedger.Detection.Detector;

/// <summary>
/// Where one consumable (used heap against free bytes, or the largest-block deficit against the
/// largest free block) is heading, over all segments: the evidence combined across reboots, the
/// rate from the latest segment that has enough of it, the forecast from the current one.
/// Times are hours since the series' first heartbeat.
/// </summary>
internal sealed record ResourceOutlook(
    bool Enough,
    bool Rising,
    double Z,
    SlopeInterval Rate,
    double? OnsetHours,
    double? ExhaustionHours,
    double? ExhaustionLowHours,
    double? ExhaustionHighHours,
    int Points)
{
    /// <summary>The z of a segment that counts as leaking "at the same rate" when walking the onset back over reboots (p &lt; 0.05).</summary>
    private const double EarlierSegmentZ = 1.645;

    /// <summary>
    /// After a reboot the heap fills again (caches, pools) up to where it stood before: a rise in
    /// the current segment is a leak only once its floor passes the highest floor of the earlier
    /// segments that did not leak. A device with no such history is judged on its own.
    /// </summary>
    private static bool NewGround(List<SegmentWindows> segments, SegmentTrend[] trends, bool deficit, DetectorOptions options)
    {
        long? plateau = null;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var floors = segments[i].Floors(deficit);
            if (trends[i].Usable && !Leaks(trends[i], options) && floors.Count > 0)
            {
                plateau = Math.Max(plateau ?? long.MinValue, floors.Max());
            }
        }

        var current = segments[^1].Floors(deficit);
        return plateau is not { } level || current.Count == 0 || current[^1] > level;
    }

    /// <summary>The given quantile of how far each window's peak rises above the fitted floor line, after the onset.</summary>
    private static double Excursion(SegmentWindows segment, SegmentTrend trend, bool deficit, double quantile)
    {
        var peaks = segment.Peaks(deficit);
        var above = new List<double>(peaks.Count);
        for (var i = 0; i < peaks.Count; i++)
        {
            if (segment.Hours[i] >= trend.OnsetHours)
            {
                var line = trend.PivotLevel + (trend.Slope.Slope * (segment.Hours[i] - trend.PivotHours));
                above.Add(Math.Max(0, peaks[i] - line));
            }
        }

        if (above.Count == 0)
        {
            return 0;
        }

        above.Sort();
        return above[(int)Math.Min(above.Count - 1, Math.Floor(quantile * above.Count))];
    }

    /// <summary>The usable segment before <paramref name="latest"/>, when it passes the leak test on its own.</summary>
    private static int? EarlierLeak(SegmentTrend[] trends, int latest, DetectorOptions options)
    {
        for (var i = latest - 1; i >= 0; i--)
        {
            if (trends[i].Usable)
            {
                return Leaks(trends[i], options) ? i : null;
            }
        }

        return null;
    }

    /// <summary>The shape of a leak: spread like a staircase, and a rate whose interval is above zero.</summary>
    private static bool Rises(SegmentTrend trend) => trend.Spread && trend.Slope.Low > 0;

    /// <summary>A segment that on its own passes the leak test.</summary>
    private static bool Leaks(SegmentTrend trend, DetectorOptions options) => trend.Z >= options.TrendZ && Rises(trend);

    public static ResourceOutlook Assess(List<SegmentWindows> segments, bool deficit, double limit, double widthHours, DetectorOptions options)
    {
        var trends = new SegmentTrend[segments.Count];
        var windows = 0;
        var points = 0;
        double span = 0;
        var rateIndex = -1;
        double weightedZ = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var trend = SegmentTrend.Analyze(segment.Hours, segment.Floors(deficit), segment.Points, options);
            trends[i] = trend;
            if (!trend.Usable)
            {
                continue;
            }

            windows += trend.Windows;
            points += trend.Points;
            span += trend.LastWindowHours - trend.FirstHours + widthHours;
            weightedZ += Math.Sqrt(trend.Windows) * trend.Z;
            rateIndex = i;
        }

        if (rateIndex < 0 || windows < options.MinWindows || span < options.MinSpan.TotalHours)
        {
            return new ResourceOutlook(false, false, 0, default, null, null, null, null, points);
        }

        var rate = trends[rateIndex];
        // Stouffer's combination weighted by windows: a device that leaks in every segment is
        // more certain, not less. The latest segment alone also counts, so that a leak that
        // began with the latest boot (a firmware update) is not diluted by healthy history.
        var combinedZ = weightedZ / Math.Sqrt(windows);
        var z = Math.Max(rate.Z, combinedZ);
        var rising = z >= options.TrendZ && Rises(rate);

        var current = segments[^1];
        var now = current.LastHours;
        if (rising && rateIndex == segments.Count - 1 && !NewGround(segments, trends, deficit, options))
        {
            rising = false;
        }

        // Soon after a restart the new segment has too few windows to show a staircase (the shape tests need a dozen): until it can, a leak
        // proven in the segment before it still stands (the restart freed it, it has not gone).
        if (!rising && rate.Windows < 3 * options.MinSegmentWindows && EarlierLeak(trends, rateIndex, options) is { } leaked)
        {
            rateIndex = leaked;
            rate = trends[leaked];
            rising = true;
        }

        double pivotHours;
        double pivotLevel;
        if (rateIndex == segments.Count - 1)
        {
            pivotHours = rate.PivotHours;
            pivotLevel = rate.PivotLevel;
        }
        else
        {
            // Rebooted since: the rate is the last segment's, the level is where the heap is now.
            var floors = current.Floors(deficit);
            pivotHours = floors.Count > 0 ? current.Hours[^1] : now;
            pivotLevel = floors.Count > 0 ? floors[^1] : current.Lowest(deficit);
        }

        // The heap runs out at the first peak that reaches the limit, not when the floor does:
        // the floor line is extrapolated to the limit less how far above the floor the heap
        // usually reaches (a high quantile of each window's peak above the line).
        var excursion = rateIndex >= 0 ? Excursion(segments[rateIndex], rate, deficit, options.ExcursionQuantile) : 0;
        double? At(double slope) => slope > 0 ? Math.Max(now, pivotHours + ((limit - excursion - pivotLevel) / slope)) : null;
        var exhaustion = At(rate.Slope.Slope);
        if (exhaustion is not { } at || at - now > options.MaxForecast.TotalHours)
        {
            rising = false;
        }

        // A heap that climbed, significantly, all the way to its limit is out of memory now, even
        // though it no longer rises: allocations fail, so the leak (and the heap) stands still.
        var latest = current.Floors(deficit);
        if (!rising && z >= options.TrendZ && rate.Slope.Low > 0 && latest.Count > 0 && latest[^1] + excursion >= limit)
        {
            rising = true;
        }

        var onset = rate.OnsetHours;
        for (var i = rateIndex - 1; i >= 0; i--)
        {
            var earlier = trends[i];
            if (!earlier.Usable)
            {
                continue;
            }

            // The same rate: the intervals overlap, or the rates are within a factor of two (short
            // segments give narrow intervals that miss each other by a little).
            var ratio = earlier.Slope.Slope / rate.Slope.Slope;
            var sameRate = earlier.Z >= EarlierSegmentZ && earlier.Slope.Slope > 0
                && ((earlier.Slope.High >= rate.Slope.Low && earlier.Slope.Low <= rate.Slope.High) || ratio is >= 0.5 and <= 2);
            if (!sameRate)
            {
                break;
            }

            onset = earlier.OnsetHours;
        }

        return new ResourceOutlook(true, rising, z, rate.Slope, onset, exhaustion, At(rate.Slope.High), At(rate.Slope.Low), points);
    }
}
