namespace HeapLedger.Formats.Symbols;

/// <summary>What an attribute value means, which decides how it is resolved.</summary>
internal enum DwarfValueKind : byte
{
    None,
    Constant,
    Address,
    AddressIndex,
    StringOffset,
    LineStringOffset,
    StringIndex,

    /// <summary>A DW_FORM_string; the value is its offset in the section that was being read.</summary>
    InlineString,

    /// <summary>A reference relative to the start of the unit.</summary>
    UnitReference,

    /// <summary>A reference as an offset into .debug_info.</summary>
    InfoReference,
    SectionOffset,
    RangeListIndex,

    /// <summary>Blocks, flags, and values that live in other files (supplementary, type units).</summary>
    Other,
}

/// <summary>One attribute value as read, not yet resolved against its unit.</summary>
internal readonly record struct DwarfValue(DwarfValueKind Kind, ulong Value)
{
    public bool IsPresent => Kind != DwarfValueKind.None;
}
