using System.Globalization;
using System.Text;
using System.Text.Json;
using HeapLedger.Fleet.Identity;

namespace HeapLedger.Fleet.Ingest;

/// <summary>Reading each member's value: types, ranges, the site ledger and the attributes.</summary>
internal sealed partial class HeartbeatItemParser
{
    private static string DeviceId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Reject($"\"device\" must be a string, found {JsonText.Describe(ref reader)}");
        }

        if (reader.ValueSpan.Length > DeviceIds.MaxLength * 6)
        {
            throw Reject($"device of {reader.ValueSpan.Length} bytes is longer than {DeviceIds.MaxLength} characters");
        }

        var id = reader.GetString()!;
        return DeviceIds.Problem(id) is { } problem ? throw Reject($"device \"{JsonText.Excerpt(Encoding.UTF8.GetBytes(id))}\" is not a device id: {problem}") : id;
    }

    private static long WholeNumber(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw Reject($"\"{name}\" must be a whole number, found {JsonText.Describe(ref reader)}");
        }

        if (!reader.TryGetInt64(out var value))
        {
            throw Reject($"{name} {JsonText.Excerpt(reader.ValueSpan)} is not a whole number that fits in 64 bits");
        }

        return value < 0 ? throw Reject($"negative {name} {value}") : value;
    }

    private double Uptime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var seconds) || !double.IsFinite(seconds))
        {
            throw Reject($"\"uptime_s\" must be a number of seconds, found {JsonText.Describe(ref reader)}");
        }

        return seconds < 0 || seconds > limits.MaxUptimeSeconds
            ? throw Reject($"uptime_s {JsonText.Excerpt(reader.ValueSpan)} is out of range (0 to {limits.MaxUptimeSeconds:0} seconds)")
            : seconds;
    }

    /// <summary>ISO-8601 (UTC, or with an offset, converted) or Unix seconds, as in the heap-series format.</summary>
    private static DateTimeOffset Time(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetDouble(out var seconds) ? UnixTime(seconds, "time")
                : throw Reject($"time {JsonText.Excerpt(reader.ValueSpan)} is not a number of Unix seconds");
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw Reject($"\"time\" must be an ISO-8601 string or Unix seconds, found {JsonText.Describe(ref reader)}");
        }

        var raw = reader.ValueSpan;
        if (raw.Length <= 40 && raw.Length >= 11 && char.IsAsciiDigit((char)raw[0]) && raw[4] == '-' && raw[7] == '-' && raw[10] == 'T'
            && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        throw Reject($"bad time \"{JsonText.Excerpt(raw)}\" (expected ISO-8601 UTC such as 2026-03-01T12:00:00Z, or Unix seconds)");
    }

    private static DateTimeOffset UnixTime(double seconds, string name) =>
        double.IsFinite(seconds) && seconds is >= 0 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : throw Reject($"{name} {seconds.ToString(CultureInfo.InvariantCulture)} is out of range (Unix seconds)");

    /// <summary>Notehub's <c>when</c> as a sequence number when the body has none: whole seconds, the same on every retry of the event.</summary>
    private static long? WholeSeconds(double? when) =>
        when is { } w && w >= 0 && w <= long.MaxValue && Math.Floor(w) == w ? (long)w : null;

    private List<SiteReading> Sites(ref Utf8JsonReader reader)
    {
        var sites = new List<SiteReading>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var at = $"sites[{sites.Count}]";
            if (sites.Count == limits.MaxSites)
            {
                throw Reject($"more than {limits.MaxSites} sites in one heartbeat (HeartbeatLimits.MaxSites)");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Reject($"{at} must be an object {{\"site\",\"live_count\",\"live_bytes\"}}, found {JsonText.Describe(ref reader)}");
            }

            string? site = null;
            long? count = null;
            long? bytes = null;
            var members = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (++members > limits.MaxMembers)
                {
                    throw Reject($"more than {limits.MaxMembers} members in {at} (HeartbeatLimits.MaxMembers)");
                }

                var which = reader.ValueTextEquals("site"u8) ? 1 : reader.ValueTextEquals("live_count"u8) ? 2 : reader.ValueTextEquals("live_bytes"u8) ? 3 : 0;
                reader.Read();
                switch (which)
                {
                    case 1:
                        site = reader.TokenType == JsonTokenType.String ? Text(ref reader, $"{at}.site", limits.MaxSiteNameBytes)
                            : throw Reject($"{at}.site must be a string, found {JsonText.Describe(ref reader)}");
                        break;
                    case 2:
                        count = WholeNumber(ref reader, $"{at}.live_count");
                        break;
                    case 3:
                        bytes = WholeNumber(ref reader, $"{at}.live_bytes");
                        break;
                    default:
                        reader.Skip(); // figures a later SDK may add
                        break;
                }
            }

            if (string.IsNullOrEmpty(site))
            {
                throw Reject($"{at} has no \"site\" name");
            }

            if (!names.Add(site))
            {
                throw Reject($"site \"{site}\" appears twice in one heartbeat");
            }

            sites.Add(new SiteReading(site, count ?? throw Reject($"{at} (\"{site}\") has no \"live_count\""),
                bytes ?? throw Reject($"{at} (\"{site}\") has no \"live_bytes\"")));
        }

        return sites;
    }

    private Dictionary<string, string> Attributes(ref Utf8JsonReader reader)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (attributes.Count == limits.MaxAttributes)
            {
                throw Reject($"more than {limits.MaxAttributes} attributes (HeartbeatLimits.MaxAttributes)");
            }

            var name = Text(ref reader, "an attribute name", limits.MaxAttributeNameBytes);
            if (name.Length == 0)
            {
                throw Reject("an attribute has an empty name");
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (!attributes.TryAdd(name, Value(ref reader, $"attribute \"{name}\"", limits.MaxStringBytes)))
            {
                throw Reject($"attribute \"{name}\" appears twice");
            }
        }

        return attributes;
    }

    /// <summary>A string, number or boolean as text (numbers and booleans as their JSON text).</summary>
    private static string Value(ref Utf8JsonReader reader, string what, int maxBytes) => reader.TokenType switch
    {
        JsonTokenType.String => Text(ref reader, what, maxBytes),
        JsonTokenType.Number => reader.ValueSpan.Length <= maxBytes ? Encoding.UTF8.GetString(reader.ValueSpan) : throw TooLong(what, reader.ValueSpan.Length, maxBytes),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw Reject($"{what} must be a string, number or boolean, found {JsonText.Describe(ref reader)}"),
    };

    private static string Text(ref Utf8JsonReader reader, string what, int maxBytes)
    {
        // The raw span is at least as long as the text it escapes, so checking it first keeps a
        // huge string from being decoded at all.
        if (reader.ValueSpan.Length > maxBytes * 6)
        {
            throw TooLong(what, reader.ValueSpan.Length, maxBytes);
        }

        var text = reader.GetString()!;
        var bytes = Encoding.UTF8.GetByteCount(text);
        return bytes > maxBytes ? throw TooLong(what, bytes, maxBytes) : text;
    }
}
