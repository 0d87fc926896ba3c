namespace HeapLedger.Server.Api;

/// <summary>Leaking devices whose runway is at least <c>fromDays</c> and less than <c>toDays</c> (no upper bound when null).</summary>
public sealed record RunwayBucket(double FromDays, double? ToDays, int Devices);
