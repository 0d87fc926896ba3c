using System.Globalization;

namespace HeapLedger.Cli.Reports;

/// <summary>Human-readable byte counts (1024-based), invariant culture.</summary>
public static class ByteSize
{
    public static string Format(double bytes)
    {
        var sign = bytes < 0 ? "-" : string.Empty;
        var value = Math.Abs(bytes);
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var text = unit == 0 ? value.ToString("0.#", CultureInfo.InvariantCulture) : value.ToString("0.0", CultureInfo.InvariantCulture);
        return $"{sign}{text} {units[unit]}";
    }
}
