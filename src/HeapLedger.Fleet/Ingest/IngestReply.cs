namespace HeapLedger.Fleet.Ingest;

/// <summary>The outcome of one request's heartbeats, in the order of the request.</summary>
public sealed record IngestReply(IReadOnlyList<ItemResult> Items)
{
    public int Accepted => Items.Count(i => i.Status == ItemStatus.Accepted);

    public int Duplicate => Items.Count(i => i.Status == ItemStatus.Duplicate);

    public int Rejected => Items.Count(i => i.Status == ItemStatus.Rejected);

    /// <summary>Every heartbeat was refused because the token may not post for its device.</summary>
    public bool AllForbidden => Items.Count > 0 && Items.All(i => i.Error == ItemErrors.Forbidden);
}
