using HeapLedger.Fleet.Ingest;

namespace HeapLedger.Server.Api;

/// <summary>The reply to <c>POST /api/v1/heartbeats</c>: counts, and one entry per heartbeat in the order of the request.</summary>
public sealed record HeartbeatReply(int Accepted, int Duplicate, int Rejected, IReadOnlyList<HeartbeatItemReply> Items)
{
    public static HeartbeatReply From(IngestReply reply) => new(reply.Accepted, reply.Duplicate, reply.Rejected,
        [.. reply.Items.Select(i => new HeartbeatItemReply(i.Index, i.Line, i.Device, i.Seq, i.Status switch
        {
            ItemStatus.Accepted => "accepted",
            ItemStatus.Duplicate => "duplicate",
            _ => "rejected",
        }, i.Error, i.Reason))]);
}
