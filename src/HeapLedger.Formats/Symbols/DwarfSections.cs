namespace HeapLedger.Formats.Symbols;

/// <summary>
/// The DWARF sections of one ELF (empty when absent), and the resolution of attribute values
/// that point into them: strings, indexed addresses and DIE references.
/// </summary>
internal sealed class DwarfSections
{
    private DwarfSections(ElfImage image)
    {
        Info = Read(image, ".debug_info");
        Abbrev = Read(image, ".debug_abbrev");
        Str = Read(image, ".debug_str");
        LineStr = Read(image, ".debug_line_str");
        StrOffsets = Read(image, ".debug_str_offsets");
        Addr = Read(image, ".debug_addr");
        Ranges = Read(image, ".debug_ranges");
        RngLists = Read(image, ".debug_rnglists");
        Line = Read(image, ".debug_line");
    }

    public byte[] Info { get; }

    public byte[] Abbrev { get; }

    public byte[] Str { get; }

    public byte[] LineStr { get; }

    public byte[] StrOffsets { get; }

    public byte[] Addr { get; }

    public byte[] Ranges { get; }

    public byte[] RngLists { get; }

    public byte[] Line { get; }

    /// <summary>The DWARF of <paramref name="image"/>, or null when it has no .debug_info.</summary>
    public static DwarfSections? Load(ElfImage image) =>
        image.FindSection(".debug_info") is { Size: > 0 } ? new DwarfSections(image) : null;

    public string? String(DwarfUnit unit, DwarfValue value) => value.Kind switch
    {
        DwarfValueKind.InlineString => ByteReader.CStringAt(Info, value.Value, ".debug_info"),
        DwarfValueKind.StringOffset => ByteReader.CStringAt(Str, value.Value, ".debug_str"),
        DwarfValueKind.LineStringOffset => ByteReader.CStringAt(LineStr, value.Value, ".debug_line_str"),
        DwarfValueKind.StringIndex => ByteReader.CStringAt(Str, IndexedOffset(unit, value.Value), ".debug_str"),
        _ => null,
    };

    public ulong? Address(DwarfUnit unit, DwarfValue value) => value.Kind switch
    {
        DwarfValueKind.Address => value.Value,
        DwarfValueKind.AddressIndex => IndexedAddress(unit, value.Value),
        _ => null,
    };

    /// <summary>A DIE reference as an offset into .debug_info, or null for references into other files.</summary>
    public static ulong? Reference(DwarfUnit unit, DwarfValue value) => value.Kind switch
    {
        DwarfValueKind.UnitReference => unit.Offset + value.Value,
        DwarfValueKind.InfoReference => value.Value,
        _ => null,
    };

    /// <summary>Entry <paramref name="index"/> of .debug_addr for this unit (DW_FORM_addrx*).</summary>
    public ulong IndexedAddress(DwarfUnit unit, ulong index)
    {
        var reader = new ByteReader(Addr, ".debug_addr");
        reader.Seek(Entry(unit.AddrBase, index, unit.Format.AddressSize, Addr.Length, ".debug_addr"));
        return reader.UInt(unit.Format.AddressSize);
    }

    private ulong IndexedOffset(DwarfUnit unit, ulong index)
    {
        var reader = new ByteReader(StrOffsets, ".debug_str_offsets");
        reader.Seek(Entry(unit.StrOffsetsBase, index, unit.Format.OffsetSize, StrOffsets.Length, ".debug_str_offsets"));
        return reader.Offset(unit.Format.Is64);
    }

    /// <summary>The offset of entry <paramref name="index"/> of a table, checked before multiplying so it cannot wrap.</summary>
    public static ulong Entry(ulong tableBase, ulong index, int entrySize, int sectionLength, string section)
    {
        if (tableBase > (ulong)sectionLength || index > ((ulong)sectionLength - tableBase) / (ulong)entrySize)
        {
            throw new SymbolFormatException($"{section}: index {index} from base 0x{tableBase:x} is past the end of the section (0x{sectionLength:x} bytes)");
        }

        return tableBase + index * (ulong)entrySize;
    }

    private static byte[] Read(ElfImage image, string name) =>
        image.FindSection(name) is { } section ? image.ReadSection(section) : [];
}
