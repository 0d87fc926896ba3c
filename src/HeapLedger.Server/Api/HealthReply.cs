namespace HeapLedger.Server.Api;

/// <summary><c>GET /api/v1/health</c>: the store answers, and what the detection job last did.</summary>
public sealed record HealthReply(string Status, string Store, int SchemaVersion, DateTimeOffset? LastDetectionRun, int? LastDetectionJudged);
