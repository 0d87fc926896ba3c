namespace HeapLedger.Fleet.Ingest;

/// <summary>
/// Bounds on everything a heartbeat request can ask the service to read or hold, so that a
/// hostile or broken client gets a clear rejection instead of costing memory. Far above what a
/// device sends: a heartbeat is a few hundred bytes, a hub's batch a few hundred heartbeats.
/// </summary>
public sealed record HeartbeatLimits
{
    public static HeartbeatLimits Default { get; } = new();

    /// <summary>A request body larger than this is refused with 413 before it is parsed.</summary>
    public int MaxBodyBytes { get; init; } = 4 << 20;

    /// <summary>Heartbeats in one request (array elements or NDJSON lines).</summary>
    public int MaxItems { get; init; } = 1000;

    /// <summary>One heartbeat's JSON text (an NDJSON line or an array element).</summary>
    public int MaxItemBytes { get; init; } = 256 << 10;

    /// <summary>Members of one object (a Notehub event has about forty).</summary>
    public int MaxMembers { get; init; } = 128;

    /// <summary>Nesting inside one heartbeat: event, body, sites, a site is four.</summary>
    public int MaxDepth { get; init; } = 8;

    /// <summary>Nesting of the whole body; deeper is refused as a whole (400).</summary>
    public int MaxBodyDepth { get; init; } = 64;

    /// <summary>Sites in one heartbeat's ledger, as <c>SeriesLimits.MaxSitesPerDevice</c>.</summary>
    public int MaxSites { get; init; } = 1024;

    public int MaxSiteNameBytes { get; init; } = 1024;

    public int MaxAttributes { get; init; } = 64;

    public int MaxAttributeNameBytes { get; init; } = 64;

    /// <summary>An attribute value (firmware version, region...).</summary>
    public int MaxStringBytes { get; init; } = 256;

    /// <summary>A heartbeat time further ahead of the service's clock than this is a device clock gone wrong.</summary>
    public TimeSpan MaxAheadOfClock { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Times before this are a clock that was never set (1970) rather than a heartbeat.</summary>
    public DateTimeOffset Earliest { get; init; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A heap larger than 1 TiB is not a heap a device has.</summary>
    public long MaxHeapBytes { get; init; } = 1L << 40;

    /// <summary>A century of uptime.</summary>
    public double MaxUptimeSeconds { get; init; } = 100 * 365.25 * 86400;
}
