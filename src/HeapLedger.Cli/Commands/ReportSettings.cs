using HeapLedger.Core.Events;
using HeapLedger.Formats.Mtrace;

namespace HeapLedger.Cli.Commands;

public sealed record ReportSettings(string Format, string? Output, IReadOnlyList<string> ElfFiles, string? Sysroot, bool AtExit)
{
    public static ReportSettings Text { get; } = new("text", null, [], null, false);

    public CallerResolver CreateResolver(TextWriter warnings)
    {
        _ = warnings;
        return (module, address, symbol) => [new Frame(symbol, null, 0, module, address)];
    }
}
