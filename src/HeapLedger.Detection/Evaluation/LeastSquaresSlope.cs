namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// The plain trend baseline: an ordinary least-squares line through raw used heap over the whole
/// series so far (reboots, bursts and cycles included). Its fixed threshold is the slope that would
/// use up the heap still free (down to the reserve) within the horizon, 90 days by default: it
/// alerts when the fitted line reaches the heap size minus the reserve within the horizon from the
/// latest heartbeat, and forecasts exhaustion where the line gets there.
/// </summary>
public sealed class LeastSquaresSlope : IDeviceDetector
{
    public LeastSquaresSlope(TimeSpan? horizon = null, long reserveBytes = FleetOptions.DefaultReserveBytes, int minimumPoints = 72)
    {
        Horizon = horizon ?? TimeSpan.FromDays(90);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Horizon, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(reserveBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumPoints, 3);
        ReserveBytes = reserveBytes;
        MinimumPoints = minimumPoints;
    }

    public TimeSpan Horizon { get; }

    public long ReserveBytes { get; }

    /// <summary>
    /// A line through a few hours of heartbeats is mostly the daily cycle: three days of hourly points
    /// (three cycles) before any verdict. Measured on the default fleet: 24 points give 13 false alerts
    /// per 1,000 device-days, 72 give 3.5, 168 give 0.9 but miss 40% of the leaks that exhaust.
    /// </summary>
    public int MinimumPoints { get; }

    public string Name => "least-squares";

    public DeviceForecast Judge(DeviceSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var points = series.Points;
        if (points.Count < MinimumPoints)
        {
            return new DeviceForecast(series.Device, DeviceVerdict.InsufficientData, null, null, null, null, null, null, null, points.Count, null, 0);
        }

        // Hours from the first point keep the sums well conditioned.
        var origin = points[0].Time;
        double sumT = 0, sumU = 0;
        foreach (var point in points)
        {
            sumT += (point.Time - origin).TotalHours;
            sumU += point.Used;
        }

        var n = points.Count;
        var meanT = sumT / n;
        var meanU = sumU / n;
        double sxx = 0, sxy = 0;
        foreach (var point in points)
        {
            var dt = (point.Time - origin).TotalHours - meanT;
            sxx += dt * dt;
            sxy += dt * (point.Used - meanU);
        }

        var last = points[^1];
        var slope = sxx > 0 ? sxy / sxx : 0;
        var lastT = (last.Time - origin).TotalHours;
        var fittedNow = meanU + (slope * (lastT - meanT));
        var usable = last.HeapSize - ReserveBytes;
        var hoursLeft = slope > 0 ? Math.Max(0, (usable - fittedNow) / slope) : double.PositiveInfinity;
        var leaking = hoursLeft <= Horizon.TotalHours;
        DateTimeOffset? exhaustion = leaking ? last.Time + TimeSpan.FromHours(hoursLeft) : null;
        return new DeviceForecast(
            series.Device,
            leaking ? DeviceVerdict.Leaking : DeviceVerdict.Healthy,
            slope, null, null,
            leaking ? origin : null,
            exhaustion, null, null,
            n,
            leaking ? "free" : null,
            1);
    }
}
