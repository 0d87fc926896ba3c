namespace HeapLedger.Detection.Series;

/// <summary>
/// One device's heartbeats as they are read; attribute values are the latest seen (a firmware
/// update shows as its new version). Site ledgers are kept per site, each sample pointing at its
/// heartbeat, so a site name is held once per device, not once per heartbeat.
/// </summary>
internal sealed class DeviceAccumulator(string device)
{
    private readonly List<HeapPoint> points = [];
    private readonly Dictionary<string, string> attributes = new(StringComparer.Ordinal);
    private readonly SiteSeriesBuilder sites = new();
    private bool inOrder = true;

    public string Device => device;

    public int Count => points.Count;

    public SiteSeriesBuilder Sites => sites;

    public void Add(HeapRow row)
    {
        if (points.Count > 0 && row.Point.Time < points[^1].Time)
        {
            inOrder = false;
        }

        foreach (var site in row.Sites)
        {
            sites.Add(site.Site, new SiteSample(points.Count, site.LiveCount, site.LiveBytes));
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

    /// <summary>The series in time order (a stable sort when heartbeats arrived out of order, the site samples following their heartbeats).</summary>
    public DeviceSeries ToSeries()
    {
        if (inOrder)
        {
            return new(device, points, attributes) { Sites = sites.Build() };
        }

        var order = Enumerable.Range(0, points.Count).OrderBy(i => points[i].Time).ToArray();
        var position = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            position[order[i]] = i;
        }

        return new(device, [.. order.Select(i => points[i])], attributes) { Sites = sites.Build(position) };
    }
}
