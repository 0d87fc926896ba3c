namespace HeapLedger.Fleet.Storage;

/// <summary>A page of the device list. <see cref="Page"/> counts from 1.</summary>
/// <param name="AtRiskOnly">Only devices whose current verdict is leaking.</param>
public sealed record DeviceQuery(bool AtRiskOnly, DeviceSort Sort, int Page, int PageSize)
{
    public const int MaxPageSize = 1000;
}
