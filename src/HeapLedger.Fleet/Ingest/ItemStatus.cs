namespace HeapLedger.Fleet.Ingest;

/// <summary>What became of one heartbeat. JSON: accepted, duplicate, rejected.</summary>
public enum ItemStatus
{
    /// <summary>Stored by this request; durable when the reply is sent.</summary>
    Accepted,

    /// <summary>Already stored (same device and seq): acknowledged again, not an error.</summary>
    Duplicate,

    /// <summary>Not stored, for the reason given.</summary>
    Rejected,
}
