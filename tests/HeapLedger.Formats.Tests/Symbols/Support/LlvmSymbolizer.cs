using System.Text.RegularExpressions;

namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>
/// The second opinion, asked only where the resolver and addr2line disagree. binutils 2.40's
/// addr2line misreads some DWARF 5: it starts a line program at file 0 instead of file 1, so it
/// names the wrong file for code that never sets the file register (an out-of-line function of a
/// header at -O0, where gdb, readelf and llvm-symbolizer name the header), and it drops inlined
/// frames from clang's DWARF 5.
/// </summary>
internal static partial class LlvmSymbolizer
{
    public static bool IsInstalled { get; } = File.Exists("/usr/bin/llvm-symbolizer");

    /// <summary>Frames per address, formatted like <see cref="Addr2Line.Format(string?, string?, int)"/>.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> ResolveAsync(string program, IReadOnlyList<ulong> addresses)
    {
        var arguments = new List<string> { "--inlining", "--obj", program };
        arguments.AddRange(addresses.Select(a => $"0x{a:x}"));
        var output = await Tool.RunAsync("llvm-symbolizer", arguments);
        var blocks = output.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        return [.. blocks.Select(block =>
        {
            var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return (IReadOnlyList<string>)[.. lines.Chunk(2).Select(pair => Format(pair[0], pair[1]))];
        })];
    }

    private static string Format(string function, string location)
    {
        // "file:line:column"; line 0 is addr2line's "?".
        var match = Location().Match(location);
        var file = match.Groups[1].Value;
        var line = match.Groups[2].Value;
        return $"{function} @ {file}:{(line == "0" ? "?" : line)}";
    }

    [GeneratedRegex(@"^(.*):(\d+):\d+$")]
    private static partial Regex Location();
}
