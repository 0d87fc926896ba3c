namespace HeapLedger.Detection.Series;

/// <summary>
/// Bounds on everything a heap series file can ask the reader to hold, so that a hostile or
/// corrupt file fails with a clear message instead of exhausting memory. Far above real fleets.
/// </summary>
public sealed record SeriesLimits
{
    public static SeriesLimits Default { get; } = new();

    public int MaxLineBytes { get; init; } = 64 << 10;

    public int MaxColumns { get; init; } = 256;

    /// <summary>A device name or attribute value longer than this is not a name.</summary>
    public int MaxFieldBytes { get; init; } = 1024;

    public int MaxDevices { get; init; } = 1_000_000;

    /// <summary>Ten years of heartbeats every 30 seconds.</summary>
    public int MaxPointsPerDevice { get; init; } = 10_000_000;

    /// <summary>
    /// Distinct allocation sites in one device's <c>sites</c> ledgers: sixteen times the device
    /// SDK's default table (64). Each site costs 24 bytes per heartbeat it appears in, and a
    /// device is judged site by site, so this bounds both memory and time per device.
    /// </summary>
    public int MaxSitesPerDevice { get; init; } = 1024;
}
