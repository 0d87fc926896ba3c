using System.Buffers;
using System.Text.Json;
using HeapLedger.Fleet;

namespace HeapLedger.Cli.Simulate;

/// <summary>Heartbeats in the service's wire format (docs/fleet-service.md), each naming its device, as a hub sends them.</summary>
internal static class HeartbeatJson
{
    /// <summary>One JSON object per line.</summary>
    public static byte[] Ndjson(IReadOnlyList<Heartbeat> heartbeats)
    {
        var buffer = new ArrayBufferWriter<byte>(heartbeats.Count * 320);
        foreach (var heartbeat in heartbeats)
        {
            Write(buffer, heartbeat);
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Object(Heartbeat heartbeat)
    {
        var buffer = new ArrayBufferWriter<byte>(320);
        Write(buffer, heartbeat);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(ArrayBufferWriter<byte> buffer, Heartbeat h)
    {
        using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteString("device", h.Device);
        json.WriteNumber("seq", h.Seq);
        json.WriteString("time", h.Time.UtcDateTime);
        if (h.UptimeSeconds is { } uptime)
        {
            json.WriteNumber("uptime_s", uptime);
        }

        json.WriteNumber("free", h.Free);
        if (h.MinFree is { } minFree)
        {
            json.WriteNumber("min_free", minFree);
        }

        if (h.LargestFree is { } largest)
        {
            json.WriteNumber("largest_free", largest);
        }

        json.WriteNumber("heap_size", h.HeapSize);
        json.WriteStartObject("attributes");
        foreach (var (name, value) in h.Attributes)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
