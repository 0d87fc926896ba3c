namespace HeapLedger.Detection;

/// <summary>One device's heartbeats in time order, and its attributes (firmware, driver, region...).</summary>
public sealed record DeviceSeries(string Device, IReadOnlyList<HeapPoint> Points, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Per-site ledgers when the heartbeats carried them (empty otherwise), in order of first appearance.</summary>
    public IReadOnlyList<SiteSeries> Sites { get; init; } = [];
}
