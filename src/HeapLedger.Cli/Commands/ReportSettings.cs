using HeapLedger.Core.Events;
using HeapLedger.Formats;
using HeapLedger.Formats.Mtrace;
using HeapLedger.Formats.Symbols;

namespace HeapLedger.Cli.Commands;

/// <summary>What the user asked of a report: its format, where it goes, and where the ELF files are.</summary>
public sealed record ReportSettings(string Format, string? Output, IReadOnlyList<string> ElfFiles, string? Sysroot, bool AtExit, IReadOnlyList<string>? VendorPatterns = null)
{
    public static ReportSettings Text { get; } = new("text", null, [], null, false);

    /// <summary>The options every analysis with these settings runs with.</summary>
    public AnalyzeOptions AnalyzeOptions(TextWriter warnings) =>
        new(CreateResolver(warnings), AtExit, TraceLimits.Default, ElfFiles, VendorPatterns);

    /// <summary>Resolves callers with the ELF files; warnings go to <paramref name="warnings"/>.</summary>
    public CallerResolver CreateResolver(TextWriter warnings)
    {
        var symbols = new SymbolResolver(new SymbolOptions(ElfFiles, Sysroot), message => warnings.WriteLine($"heapledger: {message}"));
        return (module, address, symbol) =>
        {
            var frames = module is null
                ? symbols.ResolveAbsolute(address, isReturnAddress: true)
                : symbols.Resolve(module, address, isReturnAddress: true);
            if (symbol is not null && frames.Count > 0 && frames[0].Function is null)
            {
                // No debug info: the trace's own symbol is better than nothing.
                return [frames[0] with { Function = symbol }, .. frames.Skip(1)];
            }

            return frames;
        };
    }
}
