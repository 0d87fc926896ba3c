namespace HeapLedger.Formats.Symbols;

/// <summary>One ELF section header, as read from the file.</summary>
internal sealed record ElfSection(
    string Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, uint Link, ulong EntrySize)
{
    public const uint TypeSymbolTable = 2;
    public const uint TypeNoBits = 8;
    public const uint TypeDynamicSymbols = 11;

    public const ulong FlagAlloc = 0x2;
    public const ulong FlagExecute = 0x4;
    public const ulong FlagCompressed = 0x800;

    public bool IsCode => (Flags & (FlagAlloc | FlagExecute)) == (FlagAlloc | FlagExecute) && Type != TypeNoBits;

    public bool Contains(ulong address) => address >= Address && address - Address < Size;
}
