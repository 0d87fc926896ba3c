namespace HeapLedger.Detection;

/// <summary>
/// One allocation site's ledger row at one heartbeat: its live allocations and live bytes.
/// <see cref="Point"/> is the index of that heartbeat in <see cref="DeviceSeries.Points"/>, which
/// gives the time and the uptime without storing them again for every site.
/// </summary>
public readonly record struct SiteSample(int Point, long LiveCount, long LiveBytes);
