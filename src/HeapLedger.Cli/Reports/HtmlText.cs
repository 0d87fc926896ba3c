using System.Globalization;
using System.Net;
using HeapLedger.Core.Verdicts;

namespace HeapLedger.Cli.Reports;

/// <summary>
/// How the HTML report spells values: escaped text, human-readable bytes, counts and durations,
/// always in the invariant culture so a report reads the same on every machine.
/// </summary>
internal static class HtmlText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly (double Size, string Name)[] ByteUnits =
    [
        (1024d * 1024 * 1024 * 1024, "TiB"),
        (1024d * 1024 * 1024, "GiB"),
        (1024d * 1024, "MiB"),
        (1024d, "KiB"),
    ];

    /// <summary>Escapes text for an element body or a quoted attribute value.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string Count(long value) => value.ToString("N0", Invariant);

    public static string Number(double value, string format) => value.ToString(format, Invariant);

    /// <summary>"12.3 KiB"; below one KiB the exact "512 B".</summary>
    public static string Bytes(double bytes)
    {
        var magnitude = Math.Abs(bytes);
        foreach (var (size, name) in ByteUnits)
        {
            if (magnitude >= size)
            {
                var scaled = bytes / size;
                var format = Math.Abs(scaled) >= 100 ? "0" : "0.0";
                return $"{scaled.ToString(format, Invariant)} {name}";
            }
        }

        return $"{bytes.ToString("0", Invariant)} B";
    }

    /// <summary>A rate or change with an explicit sign: "+1.2 KiB", "−512 B".</summary>
    public static string SignedBytes(double bytes) => bytes switch
    {
        > 0 => "+" + Bytes(bytes),
        < 0 => "\u2212" + Bytes(-bytes),
        _ => "0 B",
    };

    /// <summary>The exact figure for a title attribute: "12,345 bytes".</summary>
    public static string ExactBytes(long bytes) => $"{Count(bytes)} bytes";

    public static string ExactBytes(double bytes) => $"{bytes.ToString("N1", Invariant)} bytes";

    public static string Percent(double fraction) => (fraction * 100).ToString("0", Invariant) + "%";

    /// <summary>"42.0 s", "12 min 5 s", "3 h 20 min", "20 h", "4 d 6 h".</summary>
    public static string Duration(double seconds)
    {
        if (seconds < 60)
        {
            return seconds.ToString("0.0", Invariant) + " s";
        }

        var span = TimeSpan.FromSeconds(seconds);
        return span.TotalHours < 1 ? TwoUnits(span.Minutes, "min", span.Seconds, "s")
            : span.TotalDays < 1 ? TwoUnits(span.Hours, "h", span.Minutes, "min")
            : TwoUnits((int)span.TotalDays, "d", span.Hours, "h");
    }

    private static string TwoUnits(int major, string majorUnit, int minor, string minorUnit) =>
        minor == 0
            ? $"{major.ToString(Invariant)} {majorUnit}"
            : $"{major.ToString(Invariant)} {majorUnit} {minor.ToString(Invariant)} {minorUnit}";

    public static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.Leak => "leak",
        Verdict.Retained => "retained",
        Verdict.Bounded => "bounded",
        Verdict.Temporary => "temporary",
        Verdict.Ok => "ok",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };

    /// <summary>A coloured pill naming the verdict; the class picks the colour.</summary>
    public static string VerdictBadge(Verdict verdict)
    {
        var name = VerdictName(verdict);
        return $"<span class=\"badge verdict-{name}\">{name}</span>";
    }
}
