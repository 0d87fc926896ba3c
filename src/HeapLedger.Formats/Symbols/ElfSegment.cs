namespace HeapLedger.Formats.Symbols;

/// <summary>One ELF program header (segment), as read from the file.</summary>
internal readonly record struct ElfSegment(uint Type, uint Flags, ulong VirtualAddress, ulong MemorySize)
{
    public const uint TypeLoad = 1;
    public const uint FlagExecute = 1;

    public bool IsExecutableLoad => Type == TypeLoad && (Flags & FlagExecute) != 0;

    public bool Contains(ulong address) => address >= VirtualAddress && address - VirtualAddress < MemorySize;
}
