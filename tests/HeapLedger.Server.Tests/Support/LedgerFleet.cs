using System.Globalization;

namespace HeapLedger.Server.Tests.Support;

/// <summary>
/// A small fleet laid out by index, every count known: firmware 2.1 / 2.2 / 2.3 by
/// <c>i % 3</c>, coverage weak on 2 of every 5 triples, region by quarters. Firmware 2.3 on weak
/// coverage leaks: its modem driver's site keeps a 300-byte block every five hours (60 B/h),
/// enough to run a 64 KiB heap out about ten days after the last heartbeat. Every device sends
/// hourly heartbeats with a two-site ledger (the modem site, steady when it does not leak, and a
/// receive pool that comes and goes). Seeded by device.
/// </summary>
public static class LedgerFleet
{
    public const string LeakingSite = "modem_driver.c:41";
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Device(int i) => $"gw-{i:D3}";

    public static string Firmware(int i) => (i % 3) switch { 0 => "2.1", 1 => "2.2", _ => "2.3" };

    public static string Coverage(int i) => i / 3 % 5 < 2 ? "weak" : "strong";

    public static bool Leaks(int i) => Firmware(i) == "2.3" && Coverage(i) == "weak";

    /// <summary>The device's heartbeats as NDJSON lines, each naming the device (for a hub).</summary>
    public static IEnumerable<string> Lines(int i, int days)
    {
        var random = new Random(i + 1);
        var region = (i / 15 % 4) switch { 0 => "north", 1 => "south", 2 => "east", _ => "west" };
        for (var hour = 0; hour < days * 24; hour++)
        {
            var modem = Leaks(i) ? 1200 + (hour / 5 * 300L) : 1200;
            var pool = random.Next(0, 7) * 512L;
            var free = 65_536 - 20_000 - modem - pool - random.Next(0, 400);
            var attributes = hour == 0 ? $",\"attributes\":{{\"firmware\":\"{Firmware(i)}\",\"coverage\":\"{Coverage(i)}\",\"region\":\"{region}\"}}" : string.Empty;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{{\"device\":\"{Device(i)}\",\"seq\":{hour},\"time\":\"{Start.AddHours(hour).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"uptime_s\":{hour * 3600},\"free\":{free},\"largest_free\":{free},\"heap_size\":65536,\"sites\":[{{\"site\":\"{LeakingSite}\",\"live_count\":{modem / 300},\"live_bytes\":{modem}}},{{\"site\":\"rx_pool.c:57\",\"live_count\":{pool / 512},\"live_bytes\":{pool}}}]{attributes}}}");
        }
    }
}
