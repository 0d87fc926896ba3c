namespace HeapLedger.Fleet.Tests.Support;

/// <summary>
/// Hourly heartbeats with a two-site ledger: a modem driver's site that keeps a 300-byte block
/// every five hours when the device leaks (60 B/h, a staircase) and holds a steady 1,200 bytes
/// when it does not, and a receive pool that comes and goes. Seeded.
/// </summary>
internal static class LedgerDevice
{
    public const string LeakingSite = "modem_driver.c:41";
    public const string PoolSite = "rx_pool.c:57";

    public static List<Heartbeat> Build(string device, bool leaking, int days, int seed, bool ledger = true, IReadOnlyDictionary<string, string>? attributes = null)
    {
        var random = new Random(seed);
        var beats = new List<Heartbeat>(days * 24);
        for (var hour = 0; hour < days * 24; hour++)
        {
            var modem = leaking ? 1200 + (hour / 5 * 300L) : 1200;
            var pool = random.Next(0, 7) * 512L;
            var free = 65_536 - 20_000 - modem - pool - random.Next(0, 400);
            IReadOnlyList<SiteReading> sites = ledger ? [new(LeakingSite, modem / 300, modem), new(PoolSite, pool / 512, pool)] : [];
            beats.Add(new Heartbeat(device, hour, Beat.Start + TimeSpan.FromHours(hour), hour * 3600.0, free, null, free, 65_536, sites,
                hour == 0 ? attributes ?? new Dictionary<string, string>() : new Dictionary<string, string>()));
        }

        return beats;
    }
}
