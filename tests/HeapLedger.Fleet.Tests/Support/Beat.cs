namespace HeapLedger.Fleet.Tests.Support;

/// <summary>Heartbeats for tests.</summary>
public static class Beat
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static Heartbeat Of(string device, long seq, long free = 40_000, IReadOnlyDictionary<string, string>? attributes = null, IReadOnlyList<SiteReading>? sites = null) =>
        new(device, seq, Start + TimeSpan.FromHours(seq), seq * 3600.0, free, free - 100, free / 2, 65_536, sites ?? [], attributes ?? new Dictionary<string, string>());
}
