namespace HeapLedger.Fleet.Storage;

/// <summary>One page of devices and how many match the query in all.</summary>
public sealed record DevicePage(long Total, IReadOnlyList<DeviceSummary> Devices);
