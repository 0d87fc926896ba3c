namespace HeapLedger.Detection.Tests.Evaluation.Support;

/// <summary>
/// A trivial stand-in for the real detector, to exercise the harness end to end until it lands:
/// the floor of used heap per day since the last reboot, a least-squares line through the last
/// seven floors, "leaking" when that line reaches the heap minus a reserve within 60 days.
/// </summary>
internal sealed class DailyFloorStandIn : IDeviceDetector
{
    private const long Reserve = 4096;

    public string Name => "daily-floor stand-in";

    public DeviceForecast Judge(DeviceSeries series)
    {
        var points = series.Points;
        var segmentStart = 0;
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i].UptimeSeconds < points[i - 1].UptimeSeconds)
            {
                segmentStart = i;
            }
        }

        var floors = points.Skip(segmentStart)
            .GroupBy(p => (int)Math.Floor((p.Time - points[segmentStart].Time).TotalDays))
            .Select(g => (Day: (double)g.Key, Used: (double)g.Min(p => Math.Max(p.Used, p.HeapSize - (p.LargestFree ?? p.Free)))))
            .TakeLast(7)
            .ToArray();
        if (floors.Length < 4)
        {
            return Verdict(series, DeviceVerdict.InsufficientData, null);
        }

        var meanDay = floors.Average(f => f.Day);
        var meanUsed = floors.Average(f => f.Used);
        var slopePerDay = floors.Sum(f => (f.Day - meanDay) * (f.Used - meanUsed)) / floors.Sum(f => (f.Day - meanDay) * (f.Day - meanDay));
        var last = points[^1];
        var daysLeft = slopePerDay > 0 ? (last.HeapSize - Reserve - floors[^1].Used) / slopePerDay : double.PositiveInfinity;
        return daysLeft <= 60
            ? Verdict(series, DeviceVerdict.Leaking, last.Time + TimeSpan.FromDays(Math.Max(0, daysLeft)))
            : Verdict(series, DeviceVerdict.Healthy, null);
    }

    private static DeviceForecast Verdict(DeviceSeries series, DeviceVerdict verdict, DateTimeOffset? exhaustion) =>
        new(series.Device, verdict, null, null, null, null, exhaustion, null, null, series.Points.Count, null, 1);
}
