using System.Text;
using System.Text.Json;

namespace HeapLedger.Detection.Series;

/// <summary>
/// Rows of an NDJSON heap series: one flat object per line with the CSV's column names; any
/// other member with a string, number or boolean value is an attribute.
/// </summary>
internal sealed class NdjsonRowParser(string path, SeriesLimits limits) : RowParser
{
    private readonly List<KeyValuePair<string, string>> attributes = [];
    private byte[] device = [];

    public override ReadOnlySpan<byte> Device => device;

    public override HeapPoint Parse(ReadOnlySpan<byte> line, long number)
    {
        attributes.Clear();
        string? deviceName = null;
        DateTimeOffset? time = null;
        double? uptime = null;
        long? free = null;
        long? minimumFree = null;
        long? largestFree = null;
        long? heapSize = null;
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 2 });
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
