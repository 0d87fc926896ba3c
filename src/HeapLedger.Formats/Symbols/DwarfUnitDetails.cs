namespace HeapLedger.Formats.Symbols;

/// <summary>What a unit yields once read in full: its line table (if any) and its functions.</summary>
internal sealed record DwarfUnitDetails(DwarfLineTable? Lines, DwarfFunctionTree? Functions)
{
    /// <summary>A unit whose DWARF turned out corrupt: it resolves nothing.</summary>
    public static DwarfUnitDetails Corrupt { get; } = new(null, null);
}
