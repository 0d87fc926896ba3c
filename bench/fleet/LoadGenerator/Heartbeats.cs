using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HeapLedger.Bench.Fleet;

/// <summary>The benchmark's heartbeats: a pure function of (device, seq), so that the client, the verifier and the CSV for the raw floor agree without sharing state.</summary>
internal static class Heartbeats
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string Device(int index) => $"load-{index:D5}";

    public static long Free(int device, long seq) => 30_000 + ((device * 7919L + seq * 104_729L) % 20_000);

    public static long Time(long seq) => Start.ToUnixTimeSeconds() + seq * 60;

    public static void AppendJson(StringBuilder body, int device, long seq)
    {
        var free = Free(device, seq);
        body.Append(CultureInfo.InvariantCulture,
            $"{{\"device\":\"{Device(device)}\",\"seq\":{seq},\"time\":{Time(seq)},\"uptime_s\":{seq * 60},\"free\":{free},\"min_free\":{free - 10},\"largest_free\":{free / 2},\"heap_size\":65536,\"attributes\":{{\"firmware\":\"1.4.{device % 3}\"}}}}");
    }

    /// <summary>A row of the heartbeats table's columns, for a plain CSV import as the floor.</summary>
    public static string CsvRow(int device, long seq)
    {
        var free = Free(device, seq);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Device(device)},{seq},{Time(seq) * 1000},{seq * 60},{free},{free - 10},{free / 2},65536,0,\"{{\"\"firmware\"\":\"\"1.4.{device % 3}\"\"}}\"");
    }

    /// <summary>The hash of one heartbeat for the order-independent checksum (a sum of these).</summary>
    public static ulong Hash(string device, long seq, long free)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{device}\n{seq}\n{free}")), digest);
        return BitConverter.ToUInt64(digest);
    }
}
