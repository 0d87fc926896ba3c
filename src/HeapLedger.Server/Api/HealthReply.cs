namespace HeapLedger.Server.Api;

/// <summary><c>GET /api/v1/health</c>: the store answers, what the detection job last did, and the MQTT ingest's counters (null when it is off).</summary>
public sealed record HealthReply(string Status, string Store, int SchemaVersion, DateTimeOffset? LastDetectionRun, int? LastDetectionJudged, MqttHealthReply? Mqtt);
