namespace HeapLedger.Detection.Series;

/// <summary>One device's heartbeats as they are read; attribute values are the latest seen (a firmware update shows as its new version).</summary>
internal sealed class DeviceAccumulator(string device)
{
    private readonly List<HeapPoint> points = [];
    private readonly Dictionary<string, string> attributes = new(StringComparer.Ordinal);
    private bool inOrder = true;

    public string Device => device;

    public int Count => points.Count;

    public void Add(HeapRow row)
    {
        if (points.Count > 0 && row.Point.Time < points[^1].Time)
        {
            inOrder = false;
        }

        points.Add(row.Point);
        foreach (var (name, value) in row.Attributes)
        {
            if (value.Length > 0)
            {
                attributes[name] = value;
            }
        }
    }

    /// <summary>The series in time order (a stable sort when heartbeats arrived out of order).</summary>
    public DeviceSeries ToSeries() =>
        new(device, inOrder ? points : [.. points.OrderBy(p => p.Time)], attributes);
}
