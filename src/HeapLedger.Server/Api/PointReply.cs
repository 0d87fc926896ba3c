using System.Text.Json.Serialization;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Server.Api;

/// <summary>A stored heartbeat in a device's series, with the heartbeat's own names.</summary>
public sealed record PointReply(
    long Seq,
    DateTimeOffset Time,
    [property: JsonPropertyName("uptime_s")] double? UptimeSeconds,
    long Free,
    [property: JsonPropertyName("min_free")] long? MinFree,
    [property: JsonPropertyName("largest_free")] long? LargestFree,
    [property: JsonPropertyName("heap_size")] long HeapSize)
{
    public static PointReply From(StoredPoint p) =>
        new(p.Seq, p.Point.Time, p.Point.UptimeSeconds, p.Point.Free, p.Point.MinimumFree, p.Point.LargestFree, p.Point.HeapSize);
}
