using System.Globalization;
using System.Text.RegularExpressions;

namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>Where a section lies in an ELF file, as readelf reports it: for tests that corrupt one.</summary>
internal static partial class SectionLocator
{
    public static (int Index, int Offset, int Size) Find(string program, string section)
    {
        foreach (var line in Tool.Run("readelf", "-SW", program).Split('\n'))
        {
            var match = SectionLine().Match(line);
            if (match.Success && match.Groups[2].Value == section)
            {
                return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), Hex(match.Groups[4].Value), Hex(match.Groups[5].Value));
            }
        }

        throw new InvalidOperationException($"no section {section} in {program}");
    }

    private static int Hex(string text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)")]
    private static partial Regex SectionLine();
}
