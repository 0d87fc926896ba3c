using System.Globalization;
using System.Text.RegularExpressions;

namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>The oracle: what <c>addr2line -f -i</c> says about addresses, one line per frame, innermost first.</summary>
internal static partial class Addr2Line
{
    public static async Task<IReadOnlyDictionary<ulong, IReadOnlyList<string>>> ResolveAsync(string program, IEnumerable<ulong> addresses)
    {
        var arguments = new List<string> { "-a", "-f", "-i", "-e", program };
        arguments.AddRange(addresses.Distinct().Select(a => $"0x{a:x}"));
        var output = await Tool.RunAsync("addr2line", arguments);
        var result = new Dictionary<ulong, IReadOnlyList<string>>();
        List<string>? frames = null;
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("0x", StringComparison.Ordinal))
            {
                frames = [];
                result[ulong.Parse(lines[i].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = frames;
            }
            else if (frames is not null && i + 1 < lines.Length)
            {
                frames.Add(Format(lines[i], Discriminator().Replace(lines[i + 1], string.Empty)));
                i++;
            }
        }

        return result;
    }

    /// <summary>One frame as addr2line prints it: "function @ file:line", with ?? and ? for unknowns.</summary>
    public static string Format(string? function, string? file, int line) =>
        Format(function ?? "??", $"{file ?? "??"}:{(line == 0 ? "?" : line.ToString(CultureInfo.InvariantCulture))}");

    private static string Format(string function, string location) => $"{function} @ {location}";

    [GeneratedRegex(@" \(discriminator \d+\)$")]
    private static partial Regex Discriminator();
}
