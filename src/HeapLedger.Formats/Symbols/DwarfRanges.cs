namespace HeapLedger.Formats.Symbols;

/// <summary>Reads a DW_AT_ranges list: .debug_ranges before DWARF 5, .debug_rnglists from DWARF 5 on.</summary>
internal static class DwarfRanges
{
    private const byte EndOfList = 0;
    private const byte BaseAddressx = 1;
    private const byte StartxEndx = 2;
    private const byte StartxLength = 3;
    private const byte OffsetPair = 4;
    private const byte BaseAddress = 5;
    private const byte StartEnd = 6;
    private const byte StartLength = 7;

    public static void Read(DwarfSections sections, DwarfUnit unit, DwarfValue value, List<AddressRange> into)
    {
        if (value.Kind is not (DwarfValueKind.SectionOffset or DwarfValueKind.Constant or DwarfValueKind.RangeListIndex))
        {
            return;
        }

        if (unit.Format.Version < 5)
        {
            ReadRanges(sections.Ranges, unit, value.Value, into);
            return;
        }

        var offset = value.Value;
        if (value.Kind == DwarfValueKind.RangeListIndex)
        {
            // The index selects an entry of the offset array at DW_AT_rnglists_base; entries are relative to it.
            var reader = new ByteReader(sections.RngLists, ".debug_rnglists");
            reader.Seek(DwarfSections.Entry(unit.RnglistsBase, value.Value, unit.Format.OffsetSize, sections.RngLists.Length, ".debug_rnglists"));
            offset = unit.RnglistsBase + reader.Offset(unit.Format.Is64);
        }

        ReadRangeList(sections, unit, offset, into);
    }

    private static void ReadRanges(byte[] section, DwarfUnit unit, ulong offset, List<AddressRange> into)
    {
        var reader = new ByteReader(section, ".debug_ranges");
        reader.Seek(offset);
        var size = unit.Format.AddressSize;
        var baseSelector = size == 8 ? ulong.MaxValue : (1UL << (8 * size)) - 1;
        var baseAddress = unit.BaseAddress;
        while (true)
        {
            var start = reader.UInt(size);
            var end = reader.UInt(size);
            if (start == 0 && end == 0)
            {
                return;
            }

            if (start == baseSelector)
            {
                baseAddress = end;
            }
            else
            {
                Add(into, baseAddress + start, baseAddress + end);
            }
        }
    }

    private static void ReadRangeList(DwarfSections sections, DwarfUnit unit, ulong offset, List<AddressRange> into)
    {
        var reader = new ByteReader(sections.RngLists, ".debug_rnglists");
        reader.Seek(offset);
        var size = unit.Format.AddressSize;
        var baseAddress = unit.BaseAddress;
        while (true)
        {
            var kind = reader.U8();
            switch (kind)
            {
                case EndOfList:
                    return;
                case BaseAddressx:
                    baseAddress = sections.IndexedAddress(unit, reader.ULeb128());
                    break;
                case StartxEndx:
                    var startx = sections.IndexedAddress(unit, reader.ULeb128());
                    Add(into, startx, sections.IndexedAddress(unit, reader.ULeb128()));
                    break;
                case StartxLength:
                    var from = sections.IndexedAddress(unit, reader.ULeb128());
                    Add(into, from, from + reader.ULeb128());
                    break;
                case OffsetPair:
                    var low = reader.ULeb128();
                    Add(into, baseAddress + low, baseAddress + reader.ULeb128());
                    break;
                case BaseAddress:
                    baseAddress = reader.UInt(size);
                    break;
                case StartEnd:
                    var start = reader.UInt(size);
                    Add(into, start, reader.UInt(size));
                    break;
                case StartLength:
                    var first = reader.UInt(size);
                    Add(into, first, first + reader.ULeb128());
                    break;
                default:
                    throw reader.Corrupt($"unknown range list entry kind {kind}");
            }
        }
    }

    private static void Add(List<AddressRange> into, ulong start, ulong end)
    {
        if (end > start)
        {
            into.Add(new AddressRange(start, end));
        }
    }
}
