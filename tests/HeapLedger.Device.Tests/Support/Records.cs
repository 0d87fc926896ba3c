using System.Globalization;

namespace HeapLedger.Device.Tests.Support;

/// <summary>Device record lines as fields, for assertions (the product's reader is tested elsewhere).</summary>
public sealed record Records(IReadOnlyList<string[]> Lines)
{
    public static Records Read(string path) => new(File.ReadLines(path)
        .Select(l => l.IndexOf("#HL ", StringComparison.Ordinal) is var at and >= 0 ? l[(at + 4)..] : null)
        .Where(l => l is not null)
        .Select(l => l![..l!.LastIndexOf(" *", StringComparison.Ordinal)].Split(' ')[1..])
        .ToList());

    public IEnumerable<string[]> Of(char kind) => Lines.Where(f => f[0][0] == kind);

    public static ulong Hex(string field) => ulong.Parse(field, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
