namespace HeapLedger.Detection.Detector;

/// <summary>
/// Tells, for each allocation site of a device, whether its live bytes leak, with the device
/// detector itself: the site's live bytes are handed to <see cref="LeakDetector"/> as if they
/// were a device's used heap, so segments at reboots, window floors, warm-up, onset, the
/// Mann–Kendall test, the Sen rate and the staircase checks are the same step for step. What a
/// site can grow into is the heap the device still has free: at its rate, the site alone must
/// use that up within <see cref="DetectorOptions.MaxForecast"/>, the rule that keeps a slow rise
/// from being an alert nobody can act on.
/// <para>
/// A site leak explains a device leak. When the device leaks, its verdict has already passed the
/// checks that guard an alert (persistence, and a pace kept up), and the question for its sites
/// is which of them carry the rise: those two checks are not asked of them again, the rest are
/// (significance, a rate above zero, a staircase and not a step, still rising in the second half,
/// little given back). A site of a device that does not leak passes every check on its own.
/// docs/detection.md, "Sites". Cost: the detector's, once per site.
/// </para>
/// </summary>
public sealed class SiteDetector
{
    private readonly LeakDetector alone;
    private readonly LeakDetector explaining;

    public SiteDetector(LeakDetector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        alone = detector;
        explaining = new LeakDetector(detector.Options with { Persistence = TimeSpan.Zero, SustainedPaceShare = 0 });
    }

    public SiteDetector() : this(new LeakDetector()) { }

    /// <summary>
    /// Every site of the device, leaking first (fastest first), then healthy, then those without
    /// enough data. <paramref name="device"/> is the device's own verdict on the same points.
    /// </summary>
    public IReadOnlyList<SiteForecast> Judge(DeviceSeries series, DeviceForecast device)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(device);
        var detector = device.Verdict == DeviceVerdict.Leaking ? explaining : alone;
        var results = new List<SiteForecast>(series.Sites.Count);
        foreach (var site in series.Sites)
        {
            results.Add(Judge(detector, series, site));
        }

        results.Sort(static (a, b) =>
        {
            var byVerdict = Rank(a.Verdict).CompareTo(Rank(b.Verdict));
            if (byVerdict != 0)
            {
                return byVerdict;
            }

            var byRate = (b.BytesPerHour ?? double.MinValue).CompareTo(a.BytesPerHour ?? double.MinValue);
            return byRate != 0 ? byRate : string.CompareOrdinal(a.Site, b.Site);
        });
        return results;
    }

    private static SiteForecast Judge(LeakDetector detector, DeviceSeries device, SiteSeries site)
    {
        var points = device.Points;
        var samples = site.Samples;
        // Handed a prefix of the heartbeats (series with { Points = ... }, as the harness does), see only its samples.
        var count = samples.Count;
        while (count > 0 && samples[count - 1].Point >= points.Count)
        {
            count--;
        }

        if (count == 0)
        {
            return new SiteForecast(site.Site, DeviceVerdict.InsufficientData, null, null, null, null, 0, 0);
        }

        // The site's live bytes become a device's used heap, in a heap as big as what the site
        // holds now plus what its device still has free: all it can grow into. Free may come out
        // negative where the site once held more; only used heap is read. No largest block: a
        // site does not fragment the heap on its own.
        var last = samples[count - 1];
        var ceiling = last.LiveBytes + points[last.Point].Free;
        var projected = new HeapPoint[count];
        for (var i = 0; i < count; i++)
        {
            var sample = samples[i];
            var point = points[sample.Point];
            projected[i] = new HeapPoint(point.Time, point.UptimeSeconds, ceiling - sample.LiveBytes, null, null, ceiling);
        }

        var forecast = detector.Judge(new DeviceSeries(device.Device, projected, device.Attributes));
        return new SiteForecast(site.Site, forecast.Verdict, forecast.BytesPerHour, forecast.BytesPerHourLow, forecast.BytesPerHourHigh,
            forecast.Onset, forecast.Points, forecast.Confidence);
    }

    private static int Rank(DeviceVerdict verdict) => verdict switch
    {
        DeviceVerdict.Leaking => 0,
        DeviceVerdict.Healthy => 1,
        _ => 2,
    };
}
