using System.Text;

namespace HeapLedger.Detection.Series;

/// <summary>
/// One device's heartbeats as they are read; attribute values are the latest seen (a firmware
/// update shows as its new version). Rows are matched to the device, and attribute values to the
/// ones kept, as UTF-8 bytes: a string is made only for a new device or a changed value.
/// </summary>
internal sealed class DeviceAccumulator(string device, byte[] name)
{
    private readonly List<HeapPoint> points = [];
    private readonly List<Attribute> attributes = [];
    private bool inOrder = true;

    public string Device => device;

    public int Count => points.Count;

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

    /// <summary>The series in time order (a stable sort when heartbeats arrived out of order).</summary>
    public DeviceSeries ToSeries()
    {
        var values = new Dictionary<string, string>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            values[attribute.Name] = attribute.Value;
        }

        return new(device, inOrder ? points : [.. points.OrderBy(p => p.Time)], values);
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
