using System.Globalization;
using System.Text;
using HeapLedger.Formats.Device;

namespace HeapLedger.Cli.Tests.Support;

/// <summary>Writes device records as the SDK does (docs/formats/device-records.md), for tests.</summary>
public sealed class DeviceLog
{
    private uint sequence;

    public string Record(string body)
    {
        var text = $"#HL {sequence++:x} {body}";
        return $"{text} *{Crc16.Compute(Encoding.ASCII.GetBytes(text)):x4}\n";
    }

    /// <summary>A ledger-mode stream: site 0x1000 leaks a 128-byte frame every third snapshot, 0x2000 stays flat.</summary>
    public IEnumerable<string> LeakingDevice(int snapshots, int contractViolationAt = -1)
    {
        yield return "boot: gateway firmware 1.0\n";
        yield return Record("H 1 ledger - 0");
        for (var i = 1; i <= snapshots; i++)
        {
            var time = Hex(i * 3_600_000L); // one snapshot per device hour
            var leaked = i / 3;
            yield return Record($"S {time} {Hex(0x10000 - 0x800 - (leaked * 128))} {Hex(0x10000 - 0x900 - (leaked * 128))} {Hex(0x8000)} 10000");
            yield return Record($"L {time} 1000 {Hex(i * 10)} {Hex((i * 10) - leaked)} {Hex(leaked)} {Hex(leaked * 128)} {Hex(leaked * 128)}");
            yield return Record($"L {time} 2000 {Hex(i * 7)} {Hex((i * 7) - 4)} 4 100 180");
            if (i == contractViolationAt)
            {
                yield return Record($"C {time} 20001000 1000 1388 modem_rx");
            }
        }
    }

    private static string Hex(long value) => value.ToString("x", CultureInfo.InvariantCulture);
}
