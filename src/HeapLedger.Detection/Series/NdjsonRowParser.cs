using System.Text;
using System.Text.Json;

namespace HeapLedger.Detection.Series;

/// <summary>
/// Rows of an NDJSON heap series: one object per line with the CSV's column names; any other
/// member with a string, number or boolean value is an attribute, and so is each member of an
/// <c>attributes</c> object. <c>sites</c> is an array of per-site ledgers
/// (<c>{"site","live_count","live_bytes"}</c>); <c>seq</c>, a heartbeat counter, is skipped.
/// </summary>
internal sealed class NdjsonRowParser(string path, SeriesLimits limits) : RowParser
{
    private readonly List<KeyValuePair<string, string>> attributes = [];
    private readonly List<SiteReading> sites = [];
    private readonly HashSet<string> siteNames = new(StringComparer.Ordinal);
    private byte[] device = [];

    public override ReadOnlySpan<byte> Device => device;

    public override IReadOnlyList<SiteReading> Sites => sites;

    public override HeapPoint Parse(ReadOnlySpan<byte> line, long number)
    {
        attributes.Clear();
        sites.Clear();
        string? deviceName = null;
        DateTimeOffset? time = null;
        double? uptime = null;
        long? free = null;
        long? minimumFree = null;
        long? largestFree = null;
        long? heapSize = null;
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 3 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw FieldParser.Error(path, number, $"expected a JSON object, found {FieldParser.Excerpt(line)}");
            }

            var members = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (++members > limits.MaxColumns)
                {
                    throw FieldParser.Error(path, number, $"more than {limits.MaxColumns} members (SeriesLimits.MaxColumns)");
                }

                var name = reader.GetString()!;
                reader.Read();
                var value = reader.ValueSpan; // one line in one span: never a sequence
                var token = reader.TokenType;
                if (name == "sites")
                {
                    if (token == JsonTokenType.StartArray)
                    {
                        ReadSites(ref reader, number);
                    }
                    else if (token == JsonTokenType.Null)
                    {
                        sites.Clear();
                    }
                    else
                    {
                        throw FieldParser.Error(path, number, "\"sites\" must be an array of {\"site\",\"live_count\",\"live_bytes\"} objects");
                    }

                    continue;
                }

                if (name == "attributes")
                {
                    if (token == JsonTokenType.StartObject)
                    {
                        ReadAttributes(ref reader, ref members, number);
                    }
                    else if (token != JsonTokenType.Null)
                    {
                        throw FieldParser.Error(path, number, "\"attributes\" must be an object");
                    }

                    continue;
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    throw FieldParser.Error(path, number, $"member \"{name}\" is an object or array; values must be strings, numbers or booleans");
                }

                var isNull = token == JsonTokenType.Null;
                switch (name)
                {
                    case "device":
                        deviceName = isNull ? null : Text(ref reader, value, token, name, number);
                        break;
                    case "time":
                        time = isNull ? null : FieldParser.Time(token == JsonTokenType.String ? Unescaped(ref reader) : value, path, number);
                        break;
                    case "uptime_s":
                        uptime = isNull ? null : FieldParser.Seconds(Number(value, token, name, number), name, path, number);
                        break;
                    case "free":
                        free = isNull ? null : FieldParser.Bytes(Number(value, token, name, number), name, path, number);
                        break;
                    case "min_free":
                        minimumFree = isNull ? null : FieldParser.Bytes(Number(value, token, name, number), name, path, number);
                        break;
                    case "largest_free":
                        largestFree = isNull ? null : FieldParser.Bytes(Number(value, token, name, number), name, path, number);
                        break;
                    case "heap_size":
                        heapSize = isNull ? null : FieldParser.Bytes(Number(value, token, name, number), name, path, number);
                        break;
                    case "seq":
                        break;
                    default:
                        if (!isNull)
                        {
                            attributes.Add(new(name, Text(ref reader, value, token, name, number)));
                        }

                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw FieldParser.Error(path, number, "expected one JSON object per line");
            }
        }
        catch (JsonException e)
        {
            throw FieldParser.Error(path, number, $"bad JSON at byte {reader.BytesConsumed + 1} of the line: {e.Message}");
        }

        var point = FieldParser.Point(
            time ?? throw Missing("time", number),
            uptime,
            free ?? throw Missing("free", number),
            minimumFree,
            largestFree,
            heapSize ?? throw Missing("heap_size", number),
            path,
            number);
        if (string.IsNullOrEmpty(deviceName))
        {
            throw Missing("device", number);
        }

        device = Encoding.UTF8.GetBytes(deviceName);
        return point;
    }

    public override void KeepAttributes(DeviceAccumulator device)
    {
        foreach (var (attribute, value) in attributes)
        {
            device.Keep(attribute, value);
        }
    }

    /// <summary>The members of an <c>attributes</c> object, each an attribute and counted as a member; the reader is left on its end.</summary>
    private void ReadAttributes(ref Utf8JsonReader reader, ref int members, long number)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (++members > limits.MaxColumns)
            {
                throw FieldParser.Error(path, number, $"more than {limits.MaxColumns} members (SeriesLimits.MaxColumns)");
            }

            var name = reader.GetString()!;
            reader.Read();
            var token = reader.TokenType;
            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                throw FieldParser.Error(path, number, $"attribute \"{name}\" is an object or array; values must be strings, numbers or booleans");
            }

            if (token != JsonTokenType.Null)
            {
                attributes.Add(new(name, Text(ref reader, reader.ValueSpan, token, name, number)));
            }
        }
    }

    /// <summary>The <c>sites</c> array, in place of any before it: each site named once, with its live count and live bytes; the reader is left on its end.</summary>
    private void ReadSites(ref Utf8JsonReader reader, long number)
    {
        sites.Clear();
        siteNames.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw FieldParser.Error(path, number, $"element {sites.Count + 1} of \"sites\" is not an object; expected {{\"site\",\"live_count\",\"live_bytes\"}}");
            }

            if (sites.Count == limits.MaxSitesPerDevice)
            {
                throw FieldParser.Error(path, number, $"more than {limits.MaxSitesPerDevice} sites in one heartbeat (SeriesLimits.MaxSitesPerDevice)");
            }

            string? site = null;
            long? liveCount = null;
            long? liveBytes = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read(); // an object or array here is deeper than MaxDepth and throws
                var value = reader.ValueSpan;
                var token = reader.TokenType;
                switch (name)
                {
                    case "site":
                        site = token == JsonTokenType.String ? FieldParser.Text(Unescaped(ref reader), "site", limits.MaxFieldBytes, path, number)
                            : throw FieldParser.Error(path, number, $"\"site\" must be a string, found {FieldParser.Excerpt(value)}");
                        break;
                    case "live_count":
                        liveCount = FieldParser.Count(Number(value, token, name, number), name, path, number);
                        break;
                    case "live_bytes":
                        liveBytes = FieldParser.Bytes(Number(value, token, name, number), name, path, number);
                        break;
                    default:
                        break; // figures a later SDK may add (peak, allocations) are not needed here
                }
            }

            if (string.IsNullOrEmpty(site))
            {
                throw FieldParser.Error(path, number, $"site {sites.Count + 1} has no \"site\" name");
            }

            if (!siteNames.Add(site))
            {
                throw FieldParser.Error(path, number, $"site \"{site}\" appears twice in one heartbeat");
            }

            sites.Add(new SiteReading(
                site,
                liveCount ?? throw FieldParser.Error(path, number, $"site \"{site}\" has no \"live_count\""),
                liveBytes ?? throw FieldParser.Error(path, number, $"site \"{site}\" has no \"live_bytes\"")));
        }
    }

    private Exception Missing(string name, long number) => FieldParser.Error(path, number, $"missing \"{name}\"");

    private ReadOnlySpan<byte> Number(ReadOnlySpan<byte> value, JsonTokenType token, string name, long number) =>
        token == JsonTokenType.Number ? value : throw FieldParser.Error(path, number, $"\"{name}\" must be a number, found {FieldParser.Excerpt(value)}");

    private string Text(ref Utf8JsonReader reader, ReadOnlySpan<byte> value, JsonTokenType token, string name, long number) => token switch
    {
        JsonTokenType.String => FieldParser.Text(Unescaped(ref reader), name, limits.MaxFieldBytes, path, number),
        JsonTokenType.Number => FieldParser.Text(value, name, limits.MaxFieldBytes, path, number),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw FieldParser.Error(path, number, $"\"{name}\" has an unexpected value"),
    };

    private static byte[] Unescaped(ref Utf8JsonReader reader) => Encoding.UTF8.GetBytes(reader.GetString()!);
}
