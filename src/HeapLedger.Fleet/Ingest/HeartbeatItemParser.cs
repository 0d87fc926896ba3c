using System.Globalization;
using System.Text.Json;

namespace HeapLedger.Fleet.Ingest;

/// <summary>
/// One heartbeat's JSON: the heap-series names (<c>device, seq, time, uptime_s, free, min_free,
/// largest_free, heap_size, sites, attributes</c>), or a Notehub-style event whose <c>body</c>
/// holds them (docs/fleet-service.md, "Notehub"). Unknown members are skipped; a member given
/// twice, a wrong type, a value out of range or an inconsistent figure rejects the heartbeat with
/// a message that names the member and the value.
/// </summary>
internal sealed partial class HeartbeatItemParser(HeartbeatLimits limits, DateTimeOffset now)
{
    private enum Field
    {
        Unknown, Device, Seq, Time, Uptime, Free, MinFree, LargestFree, HeapSize, Sites, Attributes, Body, When, Sn, Product,
    }

    public Heartbeat Parse(ReadOnlySpan<byte> item)
    {
        var reader = new Utf8JsonReader(item, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        Fields outer;
        try
        {
            if (!reader.Read())
            {
                throw Reject("empty item");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Reject($"expected a heartbeat object, found {JsonText.Describe(ref reader)}");
            }

            outer = ReadObject(ref reader, top: true);
            if (reader.Read())
            {
                throw Reject($"more than one JSON value in the item (another starts at byte {reader.TokenStartIndex + 1})");
            }
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is > 0 ? $"line {e.LineNumber + 1}, " : string.Empty;
            throw Reject($"bad JSON at {line}byte {e.BytePositionInLine + 1} of the item: {JsonText.Reason(e)}");
        }

        return Build(outer);
    }

    private Heartbeat Build(Fields outer)
    {
        var inner = outer.Body;
        var device = inner?.Device ?? outer.Device ?? string.Empty;
        var seq = inner?.Seq ?? outer.Seq ?? WholeSeconds(outer.When)
            ?? throw Reject("missing \"seq\" (the heartbeat's sequence number, which makes a retry harmless)");
        var time = inner?.Time ?? outer.Time ?? (outer.When is { } when ? UnixTime(when, "when") : (DateTimeOffset?)null) ?? throw Reject("missing \"time\"");
        var free = inner?.Free ?? outer.Free ?? throw Reject("missing \"free\"");
        var heapSize = inner?.HeapSize ?? outer.HeapSize ?? throw Reject("missing \"heap_size\"");
        var minFree = inner?.MinFree ?? outer.MinFree;
        var largestFree = inner?.LargestFree ?? outer.LargestFree;
        if (heapSize == 0)
        {
            throw Reject("heap_size is 0");
        }

        if (heapSize > limits.MaxHeapBytes)
        {
            throw Reject($"heap_size {heapSize} is more than {limits.MaxHeapBytes} bytes (HeartbeatLimits.MaxHeapBytes)");
        }

        if (free > heapSize)
        {
            throw Reject($"free {free} is larger than heap_size {heapSize}");
        }

        if (minFree > free)
        {
            throw Reject($"min_free {minFree} is larger than free {free} (it is the lowest free ever seen)");
        }

        if (largestFree > free)
        {
            throw Reject($"largest_free {largestFree} is larger than free {free}");
        }

        if (time < limits.Earliest)
        {
            throw Reject($"time {Iso(time)} is before {Iso(limits.Earliest)}: the device's clock is not set");
        }

        if (time > now + limits.MaxAheadOfClock)
        {
            throw Reject($"time {Iso(time)} is more than {limits.MaxAheadOfClock.TotalHours:0.#} h ahead of the service's clock ({Iso(now)})");
        }

        var attributes = outer.Attributes ?? new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in inner?.Attributes ?? [])
        {
            attributes[name] = value;
        }

        if (outer.Sn is { } sn)
        {
            attributes.TryAdd("sn", sn);
        }

        if (outer.Product is { } product)
        {
            attributes.TryAdd("product", product);
        }

        if (attributes.Count > limits.MaxAttributes)
        {
            throw Reject($"more than {limits.MaxAttributes} attributes (HeartbeatLimits.MaxAttributes)");
        }

        return new Heartbeat(device, seq, time, inner?.Uptime ?? outer.Uptime, free, minFree, largestFree, heapSize,
            inner?.Sites ?? outer.Sites ?? [], attributes);
    }

    /// <summary>The members of the object the reader is on; leaves the reader on its end.</summary>
    private Fields ReadObject(ref Utf8JsonReader reader, bool top)
    {
        var fields = new Fields();
        var members = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (++members > limits.MaxMembers)
            {
                throw Reject($"more than {limits.MaxMembers} members in one object (HeartbeatLimits.MaxMembers)");
            }

            var field = Identify(ref reader, top);
            reader.Read();
            if (field == Field.Unknown)
            {
                reader.Skip();
                continue;
            }

            if (!fields.Mark(field))
            {
                throw Reject($"member \"{Name(field)}\" appears twice");
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                continue; // null is absent
            }

            switch (field)
            {
                case Field.Device:
                    fields.Device = DeviceId(ref reader);
                    break;
                case Field.Seq:
                    fields.Seq = WholeNumber(ref reader, "seq");
                    break;
                case Field.Time:
                    fields.Time = Time(ref reader);
                    break;
                case Field.Uptime:
                    fields.Uptime = Uptime(ref reader);
                    break;
                case Field.Free:
                    fields.Free = WholeNumber(ref reader, "free");
                    break;
                case Field.MinFree:
                    fields.MinFree = WholeNumber(ref reader, "min_free");
                    break;
                case Field.LargestFree:
                    fields.LargestFree = WholeNumber(ref reader, "largest_free");
                    break;
                case Field.HeapSize:
                    fields.HeapSize = WholeNumber(ref reader, "heap_size");
                    break;
                case Field.Sites:
                    fields.Sites = reader.TokenType == JsonTokenType.StartArray ? Sites(ref reader)
                        : throw Reject($"\"sites\" must be an array of {{\"site\",\"live_count\",\"live_bytes\"}} objects, found {JsonText.Describe(ref reader)}");
                    break;
                case Field.Attributes:
                    fields.Attributes = reader.TokenType == JsonTokenType.StartObject ? Attributes(ref reader)
                        : throw Reject($"\"attributes\" must be an object, found {JsonText.Describe(ref reader)}");
                    break;
                case Field.Body:
                    fields.Body = reader.TokenType == JsonTokenType.StartObject ? ReadObject(ref reader, top: false)
                        : throw Reject($"\"body\" must be an object holding the heartbeat, found {JsonText.Describe(ref reader)}");
                    break;
                case Field.When:
                    fields.When = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var when) ? when
                        : throw Reject($"\"when\" must be Unix seconds, found {JsonText.Describe(ref reader)}");
                    break;
                case Field.Sn:
                    fields.Sn = Value(ref reader, "sn", limits.MaxStringBytes);
                    break;
                default:
                    fields.Product = Value(ref reader, "product", limits.MaxStringBytes);
                    break;
            }
        }

        return fields;
    }

    private static Field Identify(ref Utf8JsonReader reader, bool top) =>
        reader.ValueTextEquals("device"u8) ? Field.Device
        : reader.ValueTextEquals("seq"u8) ? Field.Seq
        : reader.ValueTextEquals("time"u8) ? Field.Time
        : reader.ValueTextEquals("uptime_s"u8) ? Field.Uptime
        : reader.ValueTextEquals("free"u8) ? Field.Free
        : reader.ValueTextEquals("min_free"u8) ? Field.MinFree
        : reader.ValueTextEquals("largest_free"u8) ? Field.LargestFree
        : reader.ValueTextEquals("heap_size"u8) ? Field.HeapSize
        : reader.ValueTextEquals("sites"u8) ? Field.Sites
        : reader.ValueTextEquals("attributes"u8) ? Field.Attributes
        : !top ? Field.Unknown
        : reader.ValueTextEquals("body"u8) ? Field.Body
        : reader.ValueTextEquals("when"u8) ? Field.When
        : reader.ValueTextEquals("sn"u8) ? Field.Sn
        : reader.ValueTextEquals("product"u8) ? Field.Product
        : Field.Unknown;

    private static string Name(Field field) => field switch
    {
        Field.Uptime => "uptime_s",
        Field.MinFree => "min_free",
        Field.LargestFree => "largest_free",
        Field.HeapSize => "heap_size",
        _ => field.ToString().ToLowerInvariant(),
    };

    private static ItemRejectedException TooLong(string what, int bytes, int maxBytes) =>
        Reject($"{what} of {bytes} bytes is longer than the limit of {maxBytes} bytes");

    private static ItemRejectedException Reject(string reason) => new(reason);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>What one object (the item, or a Notehub event's body) said.</summary>
    private sealed class Fields
    {
        private int _seen;

        public string? Device { get; set; }

        public long? Seq { get; set; }

        public DateTimeOffset? Time { get; set; }

        public double? Uptime { get; set; }

        public long? Free { get; set; }

        public long? MinFree { get; set; }

        public long? LargestFree { get; set; }

        public long? HeapSize { get; set; }

        public List<SiteReading>? Sites { get; set; }

        public Dictionary<string, string>? Attributes { get; set; }

        public Fields? Body { get; set; }

        public double? When { get; set; }

        public string? Sn { get; set; }

        public string? Product { get; set; }

        /// <summary>False when the member was already seen in this object.</summary>
        public bool Mark(Field field)
        {
            var bit = 1 << (int)field;
            var first = (_seen & bit) == 0;
            _seen |= bit;
            return first;
        }
    }
}
