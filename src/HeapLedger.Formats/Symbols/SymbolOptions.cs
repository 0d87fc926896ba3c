namespace HeapLedger.Formats.Symbols;

/// <summary>
/// Where to find the ELF files behind a trace's modules: files given explicitly (--elf), matched
/// to a module by file name, and a sysroot under which module paths are looked up.
/// </summary>
public sealed record SymbolOptions(IReadOnlyList<string> ElfFiles, string? Sysroot)
{
    public static SymbolOptions None { get; } = new([], null);
}
