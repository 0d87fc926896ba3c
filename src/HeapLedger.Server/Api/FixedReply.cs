namespace HeapLedger.Server.Api;

/// <summary>
/// <c>POST /api/v1/devices/{id}/fixed</c>: the heartbeat time the fix is recorded at, and the
/// rules whose firing alert it resolved (a "resolved" with reason "fixed" is on its way to each).
/// </summary>
public sealed record FixedReply(string Device, DateTimeOffset FixedAt, IReadOnlyList<string> Resolved);
