namespace HeapLedger.Fleet.Ingest;

/// <summary>Why one heartbeat was rejected; raised inside the item parser and turned into a <see cref="ParsedItem.Reason"/>.</summary>
internal sealed class ItemRejectedException : Exception
{
    public ItemRejectedException(string message) : base(message) { }

    public ItemRejectedException(string message, Exception inner) : base(message, inner) { }

    public ItemRejectedException() { }
}
