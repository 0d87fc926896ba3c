using System.Text;

namespace HeapLedger.Detection.Series;

/// <summary>
/// One device's heartbeats as they are read; attribute values are the latest seen (a firmware
/// update shows as its new version). Rows are matched to the device, and attribute values to the
/// ones kept, as UTF-8 bytes: a string is made only for a new device or a changed value. Site
/// ledgers are kept per site, each sample pointing at its heartbeat, so a site name is held once
/// per device, not once per heartbeat; a device without them (every CSV) has no site builder.
/// </summary>
internal sealed class DeviceAccumulator(string device, byte[] name)
{
    private readonly List<HeapPoint> points = [];
    private readonly List<Attribute> attributes = [];
    private SiteSeriesBuilder? sites;
    private bool inOrder = true;

    public string Device => device;

    public int Count => points.Count;

    /// <summary>Distinct sites so far.</summary>
    public int SiteCount => sites?.Count ?? 0;

    /// <summary>Whether <paramref name="utf8Name"/> names this device.</summary>
    public bool Is(ReadOnlySpan<byte> utf8Name) => utf8Name.SequenceEqual(name);

    public void Add(HeapPoint point)
    {
        if (points.Count > 0 && point.Time < points[^1].Time)
        {
            inOrder = false;
        }

        points.Add(point);
    }

    /// <summary>Whether <paramref name="site"/> has been seen on this device.</summary>
    public bool HasSite(string site) => sites?.Contains(site) ?? false;

    /// <summary>The site ledgers of the heartbeat last added.</summary>
    public void AddSites(IReadOnlyList<SiteReading> readings)
    {
        var builder = sites ??= new SiteSeriesBuilder();
        for (var i = 0; i < readings.Count; i++)
        {
            builder.Add(readings[i].Site, new SiteSample(points.Count - 1, readings[i].LiveCount, readings[i].LiveBytes));
        }
    }

    /// <summary>Keeps a non-empty value of <paramref name="attribute"/>; the same value as before costs a comparison.</summary>
    public void Keep(string attribute, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return;
        }

        var kept = Find(attribute);
        if (kept?.Utf8 is { } utf8 && value.SequenceEqual(utf8))
        {
            return;
        }

        Keep(kept, attribute, Encoding.UTF8.GetString(value), value.ToArray());
    }

    /// <summary>Keeps a non-empty value of <paramref name="attribute"/>.</summary>
    public void Keep(string attribute, string value)
    {
        if (value.Length > 0)
        {
            Keep(Find(attribute), attribute, value, null);
        }
    }

    /// <summary>The series in time order (a stable sort when heartbeats arrived out of order, the site samples following their heartbeats).</summary>
    public DeviceSeries ToSeries()
    {
        var values = new Dictionary<string, string>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            values[attribute.Name] = attribute.Value;
        }

        if (inOrder)
        {
            return new(device, points, values) { Sites = sites?.Build() ?? [] };
        }

        if (sites is null)
        {
            return new(device, [.. points.OrderBy(p => p.Time)], values);
        }

        var order = Enumerable.Range(0, points.Count).OrderBy(i => points[i].Time).ToArray();
        var position = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            position[order[i]] = i;
        }

        return new(device, [.. order.Select(i => points[i])], values) { Sites = sites.Build(position) };
    }

    private void Keep(Attribute? kept, string attribute, string value, byte[]? utf8)
    {
        if (kept is null)
        {
            attributes.Add(new Attribute(attribute) { Value = value, Utf8 = utf8 });
        }
        else
        {
            kept.Value = value;
            kept.Utf8 = utf8;
        }
    }

    /// <summary>A linear search: a device has a handful of attributes, and a CSV passes the same name strings on every row.</summary>
    private Attribute? Find(string attribute)
    {
        foreach (var kept in attributes)
        {
            if (ReferenceEquals(kept.Name, attribute) || string.Equals(kept.Name, attribute, StringComparison.Ordinal))
            {
                return kept;
            }
        }

        return null;
    }

    private sealed class Attribute(string name)
    {
        public string Name { get; } = name;

        public string Value { get; set; } = "";

        /// <summary>The value as read, to compare the next row's with; null when it came as a string.</summary>
        public byte[]? Utf8 { get; set; }
    }
}
