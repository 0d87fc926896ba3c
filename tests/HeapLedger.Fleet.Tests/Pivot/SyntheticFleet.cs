using HeapLedger.Detection;
using HeapLedger.Fleet.Pivot;

namespace HeapLedger.Fleet.Tests.Pivot;

/// <summary>
/// A fleet of 1,200 devices laid out by index arithmetic, so every count is known: firmware
/// 2.1 / 2.2 / 2.3 by thirds, coverage weak on 2 of 5 devices within each firmware, region by
/// quarters independent of both. Firmware 2.3 on weak coverage leaks (144 of its 160 devices);
/// elsewhere one device in 20 leaks for reasons no attribute tells. Three leaking devices carry
/// beta=yes, a red herring; 50 more devices with firmware 2.3 on weak coverage have too few
/// heartbeats to judge. Kept beside the pivot tests, which are all that use it.
/// </summary>
internal static class SyntheticFleet
{
    public const int Judged = 1200;
    public const int Leaking = 204;
    public const int Healthy = Judged - Leaking;
    public const int Undecided = 50;

    public static readonly int[] BetaTesters = [1, 21, 41];

    public static List<PivotDevice> Build()
    {
        var devices = new List<PivotDevice>(Judged + Undecided);
        for (var i = 0; i < Judged; i++)
        {
            var firmware = Firmware(i);
            var coverage = Coverage(i);
            var driven = firmware == "2.3" && coverage == "weak";
            var leaks = driven ? i / 60 % 10 != 0 : i % 20 == 1;
            var attributes = new Dictionary<string, string>
            {
                ["firmware"] = firmware,
                ["coverage"] = coverage,
                ["region"] = Region(i),
            };
            if (BetaTesters.Contains(i))
            {
                attributes["beta"] = "yes";
            }

            devices.Add(new PivotDevice($"dev-{i:D4}", leaks ? DeviceVerdict.Leaking : DeviceVerdict.Healthy, attributes));
        }

        for (var i = 0; i < Undecided; i++)
        {
            var attributes = new Dictionary<string, string> { ["firmware"] = "2.3", ["coverage"] = "weak", ["region"] = "north" };
            devices.Add(new PivotDevice($"new-{i:D2}", DeviceVerdict.InsufficientData, attributes));
        }

        return devices;
    }

    public static string Firmware(int i) => (i % 3) switch { 0 => "2.1", 1 => "2.2", _ => "2.3" };

    public static string Coverage(int i) => i / 3 % 5 < 2 ? "weak" : "strong";

    public static string Region(int i) => (i / 15 % 4) switch { 0 => "north", 1 => "south", 2 => "east", _ => "west" };
}
