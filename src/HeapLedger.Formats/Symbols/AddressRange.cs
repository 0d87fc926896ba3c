namespace HeapLedger.Formats.Symbols;

/// <summary>A half-open range of addresses [Start, End).</summary>
internal readonly record struct AddressRange(ulong Start, ulong End)
{
    public ulong Length => End - Start;

    public bool Contains(ulong address) => address >= Start && address < End;
}
