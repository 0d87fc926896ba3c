using System.Text.Json.Serialization;

namespace HeapLedger.Server.Api;

/// <summary>
/// The heartbeat's shape, for the OpenAPI document only: requests are read by
/// <c>HeartbeatParser</c>, which also takes a Notehub event (docs/fleet-service.md).
/// </summary>
public sealed record HeartbeatDocument(
    string? Device,
    long Seq,
    string Time,
    [property: JsonPropertyName("uptime_s")] double? UptimeSeconds,
    long Free,
    [property: JsonPropertyName("min_free")] long? MinFree,
    [property: JsonPropertyName("largest_free")] long? LargestFree,
    [property: JsonPropertyName("heap_size")] long HeapSize,
    IReadOnlyList<SiteDocument>? Sites,
    IReadOnlyDictionary<string, string>? Attributes);
