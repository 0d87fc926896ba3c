using System.Text.Json;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Ingest;

namespace HeapLedger.Server.Mqtt;

/// <summary>
/// What an MQTT message says before anything is stored: the device (the topic's <c>+</c> level),
/// the heartbeats (the HTTP body's shapes: one object, an array, or NDJSON), each checked to be
/// that device's, and the token a message may carry in its payload. No I/O.
/// </summary>
internal static class MqttHeartbeats
{
    /// <summary>The device id in <paramref name="topic"/>, or why there is none.</summary>
    public static (string? Device, string? Problem) DeviceOf(string topic, MqttSettings settings)
    {
        var levels = topic.Split('/');
        var filter = settings.TopicFilter.Split('/');
        if (levels.Length != filter.Length)
        {
            return (null, $"the topic does not match {settings.TopicFilter}");
        }

        var device = levels[settings.DeviceLevel];
        return DeviceIds.Problem(device) is { } problem ? (null, $"the device id \"{device}\" in the topic is not valid: {problem}") : (device, null);
    }

    /// <summary>
    /// NDJSON when the MQTT 5 content type says so, or when a JSON object is followed by more
    /// text; otherwise one JSON value (an object or an array), as an HTTP body without a content type.
    /// </summary>
    public static BodyFormat FormatOf(ReadOnlySpan<byte> payload, string? contentType)
    {
        if (contentType is not null && (contentType.Contains("ndjson", StringComparison.OrdinalIgnoreCase) || contentType.Contains("jsonl", StringComparison.OrdinalIgnoreCase)))
        {
            return BodyFormat.Ndjson;
        }

        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return BodyFormat.Json;
            }

            reader.Skip();
            return reader.Read() ? BodyFormat.Ndjson : BodyFormat.Json;
        }
        catch (JsonException)
        {
            // A first line that is not JSON: NDJSON rejects that line alone and keeps the rest,
            // while one JSON value refuses the whole payload. Which is meant cannot be known; the
            // parser's reason names the byte either way.
            return payload.Contains((byte)'\n') ? BodyFormat.Ndjson : BodyFormat.Json;
        }
    }

    /// <summary>The top-level <c>"token"</c> of a payload that is one JSON object, or null.</summary>
    public static string? TokenIn(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isToken = reader.ValueTextEquals("token"u8);
                reader.Read();
                if (isToken && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the parser says why.
        }

        return null;
    }

    /// <summary>
    /// The items as heartbeats of <paramref name="device"/>: one that names no device takes the
    /// topic's, one that names another is rejected (the broker let the publisher write to this
    /// topic, not to another device's).
    /// </summary>
    public static IReadOnlyList<ParsedItem> ForDevice(IReadOnlyList<ParsedItem> items, string device) =>
        [.. items.Select(item => item.Heartbeat switch
        {
            null => item,
            { Device: "" } beat => item with { Heartbeat = beat with { Device = device } },
            { Device: var named } when named != device => item with
            {
                Heartbeat = null,
                Reason = $"the heartbeat's device \"{named}\" is not the topic's device \"{device}\"",
            },
            _ => item,
        })];
}
