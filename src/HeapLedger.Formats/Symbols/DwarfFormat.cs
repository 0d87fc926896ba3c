namespace HeapLedger.Formats.Symbols;

/// <summary>What decoding a form needs to know about the unit (or line table) it appears in.</summary>
internal readonly record struct DwarfFormat(ushort Version, byte AddressSize, bool Is64)
{
    public int OffsetSize => Is64 ? 8 : 4;
}
