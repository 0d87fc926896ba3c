namespace HeapLedger.Formats.Input;

/// <summary>A short printable rendering of a line of input, for error messages.</summary>
public static class Excerpt
{
    public static string Of(ReadOnlySpan<byte> line, int maxChars = 80)
    {
        var part = line[..Math.Min(line.Length, maxChars)];
        var chars = new char[part.Length];
        for (var k = 0; k < part.Length; k++)
        {
            chars[k] = Printable(part[k]);
        }

        return new string(chars) + (line.Length > maxChars ? "..." : string.Empty);
    }

    public static char Printable(byte b) => b is >= 0x20 and < 0x7f ? (char)b : '?';
}
