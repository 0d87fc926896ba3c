using System.Text.Json.Serialization;

namespace HeapLedger.Server.Api;

/// <summary>One site of a heartbeat's ledger, for the OpenAPI document.</summary>
public sealed record SiteDocument(
    string Site,
    [property: JsonPropertyName("live_count")] long LiveCount,
    [property: JsonPropertyName("live_bytes")] long LiveBytes);
