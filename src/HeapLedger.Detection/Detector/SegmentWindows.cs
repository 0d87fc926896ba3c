namespace HeapLedger.Detection.Detector;

/// <summary>
/// One segment (boot to reboot) cut into windows of equal width, with the floor of each window:
/// the lowest used heap, and the lowest largest-block deficit (heap size − largest free block).
/// A leak raises the floor; bursts, caches that drain and daily cycles come back down to it.
/// </summary>
internal sealed class SegmentWindows
{
    /// <summary>
    /// When each window's used floor was seen, in hours since the series' first heartbeat: the
    /// real time of the lowest point, not the window's centre, so a rising floor (lowest at the
    /// window's start) is not placed half a window late.
    /// </summary>
    public List<double> Hours { get; } = [];

    public List<long> UsedFloor { get; } = [];

    public List<long> DeficitFloor { get; } = [];

    /// <summary>The highest used heap in each window: how far above its floor the heap reaches.</summary>
    public List<long> UsedPeak { get; } = [];

    /// <summary>The highest largest-block deficit in each window.</summary>
    public List<long> DeficitPeak { get; } = [];

    /// <summary>Heartbeats in each window.</summary>
    public List<int> Points { get; } = [];

    /// <summary>Whether every heartbeat of the segment reported its largest free block.</summary>
    public bool HasDeficit { get; set; } = true;

    /// <summary>Hours of the segment's last heartbeat.</summary>
    public double LastHours { get; set; }

    public long LowestUsed { get; set; } = long.MaxValue;

    public long LowestDeficit { get; set; } = long.MaxValue;

    public int PointCount { get; set; }

    public IReadOnlyList<long> Floors(bool deficit) => deficit ? DeficitFloor : UsedFloor;

    public IReadOnlyList<long> Peaks(bool deficit) => deficit ? DeficitPeak : UsedPeak;

    public long Lowest(bool deficit) => deficit ? LowestDeficit : LowestUsed;

    /// <summary>
    /// Splits the series at reboots (uptime going down) and builds each segment's windows. Windows
    /// are aligned on the segment's first heartbeat, so a longer prefix of the same series gives
    /// the same windows, and those with too few heartbeats (missing heartbeats, the window still
    /// filling) are left out: the floor of a few points sits above the true floor.
    /// </summary>
    public static List<SegmentWindows> Build(IReadOnlyList<HeapPoint> points, DateTimeOffset origin, double widthHours, int minPointsPerWindow)
    {
        var segments = new List<SegmentWindows>();
        SegmentWindows? segment = null;
        double segmentStart = 0;
        long window = -1;
        long usedFloor = 0;
        long deficitFloor = 0;
        long usedPeak = 0;
        long deficitPeak = 0;
        double floorHours = 0;
        var count = 0;
        var windowHasDeficit = true;
        double? lastUptime = null;

        void Flush()
        {
            if (segment is not null && count >= minPointsPerWindow)
            {
                segment.Hours.Add(floorHours);
                segment.UsedFloor.Add(usedFloor);
                segment.DeficitFloor.Add(windowHasDeficit ? deficitFloor : usedFloor);
                segment.UsedPeak.Add(usedPeak);
                segment.DeficitPeak.Add(windowHasDeficit ? deficitPeak : usedPeak);
                segment.Points.Add(count);
            }

            count = 0;
            windowHasDeficit = true;
        }

        foreach (var point in points)
        {
            var hours = (point.Time - origin).TotalHours;
            var rebooted = point.UptimeSeconds is { } uptime && lastUptime is { } previous && uptime < previous;
            lastUptime = point.UptimeSeconds ?? lastUptime;
            if (segment is null || rebooted)
            {
                Flush();
                segment = new SegmentWindows();
                segments.Add(segment);
                segmentStart = hours;
                window = -1;
            }

            var index = (long)Math.Floor((hours - segmentStart) / widthHours);
            if (index != window)
            {
                Flush();
                window = index;
            }

            var used = point.Used;
            var deficit = point.LargestFree is { } largest ? point.HeapSize - largest : used;
            if (point.LargestFree is null)
            {
                windowHasDeficit = false;
                segment.HasDeficit = false;
            }

            if (count == 0 || used < usedFloor)
            {
                usedFloor = used;
                floorHours = hours;
            }

            deficitFloor = count == 0 ? deficit : Math.Min(deficitFloor, deficit);
            usedPeak = count == 0 ? used : Math.Max(usedPeak, used);
            deficitPeak = count == 0 ? deficit : Math.Max(deficitPeak, deficit);
            count++;
            segment.PointCount++;
            segment.LastHours = hours;
            segment.LowestUsed = Math.Min(segment.LowestUsed, used);
            segment.LowestDeficit = Math.Min(segment.LowestDeficit, deficit);
        }

        Flush();
        return segments;
    }
}
