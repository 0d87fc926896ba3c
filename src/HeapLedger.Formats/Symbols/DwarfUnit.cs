namespace HeapLedger.Formats.Symbols;

/// <summary>
/// One compile (or partial) unit of .debug_info: its header, what its root DIE says (bases,
/// code ranges, line table, compilation directory), and its line table and function tree once
/// they are needed.
/// </summary>
internal sealed class DwarfUnit
{
    private const byte UnitCompile = 1;
    private const byte UnitPartial = 3;
    private const byte UnitSkeleton = 4;
    private const byte UnitSplitCompile = 5;

    private DwarfUnit(ulong offset, int end, int firstDie, DwarfFormat format, ulong abbreviationOffset)
    {
        Offset = offset;
        End = end;
        FirstDie = firstDie;
        Format = format;
        AbbreviationOffset = abbreviationOffset;
    }

    /// <summary>Offset of the unit header in .debug_info.</summary>
    public ulong Offset { get; }

    /// <summary>Offset just past the unit in .debug_info.</summary>
    public int End { get; }

    public int FirstDie { get; }

    public DwarfFormat Format { get; }

    public ulong AbbreviationOffset { get; }

    public DwarfAbbreviationTable Abbreviations { get; private set; } = new();

    public ulong StrOffsetsBase { get; private set; }

    public ulong AddrBase { get; private set; }

    public ulong RnglistsBase { get; private set; }

    /// <summary>The unit's DW_AT_low_pc: the base of its range lists.</summary>
    public ulong BaseAddress { get; private set; }

    public ulong? LineTableOffset { get; private set; }

    public string? CompilationDirectory { get; private set; }

    public IReadOnlyList<AddressRange> Ranges { get; private set; } = [];

    /// <summary>Set once the line table and functions are read (or found corrupt).</summary>
    public DwarfUnitDetails? Details { get; set; }

    /// <summary>
    /// Reads the unit header at the reader's position and moves the reader past the unit. Returns
    /// null for units that hold no code (type units) or of a DWARF version this reader does not know.
    /// </summary>
    public static DwarfUnit? ReadHeader(ref ByteReader reader)
    {
        var offset = (ulong)reader.Position;
        var (length, is64) = ReadInitialLength(ref reader);
        if (length > (ulong)reader.Remaining)
        {
            throw reader.Corrupt($"unit length 0x{length:x} runs past the end of the section");
        }

        var end = reader.Position + (int)length;
        var version = reader.U16();
        if (version is < 2 or > 5)
        {
            reader.Position = end;
            return null;
        }

        byte addressSize;
        ulong abbreviationOffset;
        var unitType = UnitCompile;
        if (version >= 5)
        {
            unitType = reader.U8();
            addressSize = reader.U8();
            abbreviationOffset = reader.Offset(is64);
            if (unitType is UnitSkeleton or UnitSplitCompile)
            {
                reader.Skip(8);
            }
        }
        else
        {
            abbreviationOffset = reader.Offset(is64);
            addressSize = reader.U8();
        }

        if (addressSize is not (2 or 4 or 8))
        {
            throw reader.Corrupt($"unit at 0x{offset:x}: address size {addressSize}");
        }

        var firstDie = reader.Position;
        reader.Position = end;
        // Type units (2, 6) describe types only.
        return unitType is not (UnitCompile or UnitPartial or UnitSkeleton or UnitSplitCompile)
            ? null
            : new DwarfUnit(offset, end, firstDie, new DwarfFormat(version, addressSize, is64), abbreviationOffset);
    }

    /// <summary>A DWARF initial length: 32-bit, or 0xffffffff followed by a 64-bit length.</summary>
    public static (ulong Length, bool Is64) ReadInitialLength(ref ByteReader reader)
    {
        var length = reader.U32();
        if (length == 0xffffffff)
        {
            return (reader.U64(), true);
        }

        return length >= 0xfffffff0
            ? throw reader.Corrupt($"reserved unit length 0x{length:x}")
            : (length, false);
    }

    /// <summary>Reads the root DIE: the bases for indexed forms, the code ranges, the line table offset.</summary>
    public void ReadRoot(DwarfSections sections, DwarfAbbreviationTable abbreviations)
    {
        Abbreviations = abbreviations;
        var reader = new ByteReader(sections.Info.AsSpan(0, End), ".debug_info", FirstDie);
        var code = reader.ULeb128();
        if (code == 0)
        {
            return;
        }

        var abbreviation = abbreviations.Find(code) ?? throw reader.Corrupt($"unknown abbreviation code {code}");
        var root = DwarfDie.Read(ref reader, abbreviation, Format);

        // DWARF 5 tables start with a header; the base attributes point past it.
        var headerSize = Format.Version >= 5 ? (ulong)(Format.Is64 ? 16 : 8) : 0;
        StrOffsetsBase = root.StrOffsetsBase.IsPresent ? root.StrOffsetsBase.Value : headerSize;
        AddrBase = root.AddrBase.IsPresent ? root.AddrBase.Value : headerSize;
        RnglistsBase = root.RnglistsBase.IsPresent ? root.RnglistsBase.Value : headerSize + (headerSize == 0 ? 0UL : 4UL);
        BaseAddress = sections.Address(this, root.LowPc) ?? 0;
        LineTableOffset = root.StmtList.Kind is DwarfValueKind.SectionOffset or DwarfValueKind.Constant ? root.StmtList.Value : null;
        CompilationDirectory = sections.String(this, root.CompDir);
        var ranges = new List<AddressRange>();
        CodeRanges(sections, root, ranges);
        Ranges = ranges;
    }

    /// <summary>The code ranges of a DIE: DW_AT_ranges, or DW_AT_low_pc with DW_AT_high_pc as an address or a length.</summary>
    public void CodeRanges(DwarfSections sections, in DwarfDie die, List<AddressRange> into)
    {
        if (die.Ranges.IsPresent)
        {
            DwarfRanges.Read(sections, this, die.Ranges, into);
        }
        else if (die.LowPc.IsPresent && die.HighPc.IsPresent && sections.Address(this, die.LowPc) is { } low)
        {
            var high = sections.Address(this, die.HighPc) ?? (die.HighPc.Kind == DwarfValueKind.Constant ? low + die.HighPc.Value : low);
            if (high > low)
            {
                into.Add(new AddressRange(low, high));
            }
        }
    }
}
