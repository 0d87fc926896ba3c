using System.Text.Json.Serialization;

namespace HeapLedger.Server.Api;

/// <summary>
/// One heartbeat's outcome. <c>status</c>: <c>accepted</c> (stored now), <c>duplicate</c> (already
/// stored: acknowledged again) or <c>rejected</c>, with <c>error</c> (<c>invalid</c>,
/// <c>forbidden</c>, <c>unknown-device</c>) and <c>reason</c>. <c>index</c> counts from 0;
/// <c>line</c> is the NDJSON line.
/// </summary>
public sealed record HeartbeatItemReply(
    int Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Device,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Seq,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason);
