namespace HeapLedger.Formats.Symbols;

/// <summary>
/// The DWARF of one ELF: the units and the code they cover, read once; each unit's line table and
/// functions, read the first time an address falls in it; function names, read on demand.
/// </summary>
internal sealed class DwarfInfo
{
    private readonly DwarfSections sections;
    private readonly Action<string> reportCorrupt;
    private readonly List<DwarfUnit> units = [];
    private readonly (AddressRange Range, int Unit)[] unitRanges;
    private readonly ulong[] endsSoFar;
    private readonly Dictionary<ulong, string?> names = [];

    /// <param name="reportCorrupt">Told (with a description) each time part of the DWARF is found corrupt and ignored.</param>
    public DwarfInfo(DwarfSections sections, Action<string> reportCorrupt)
    {
        this.sections = sections;
        this.reportCorrupt = reportCorrupt;
        ReadUnits();
        var ranges = new List<(AddressRange, int)>();
        for (var i = 0; i < units.Count; i++)
        {
            foreach (var range in units[i].Ranges)
            {
                ranges.Add((range, i));
            }
        }

        unitRanges = [.. ranges];
        Array.Sort(unitRanges, static (a, b) => a.Range.Start.CompareTo(b.Range.Start));
        endsSoFar = new ulong[unitRanges.Length];
        for (var i = 0; i < unitRanges.Length; i++)
        {
            endsSoFar[i] = Math.Max(unitRanges[i].Range.End, i > 0 ? endsSoFar[i - 1] : 0);
        }
    }

    /// <summary>The unit whose code contains <paramref name="address"/>, read in full, or null.</summary>
    public (DwarfUnit Unit, DwarfUnitDetails Details)? FindUnit(ulong address)
    {
        var low = 0;
        var high = unitRanges.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (unitRanges[mid].Range.Start <= address)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        for (var i = low - 1; i >= 0 && endsSoFar[i] > address; i--)
        {
            if (unitRanges[i].Range.Contains(address))
            {
                var unit = units[unitRanges[i].Unit];
                return (unit, unit.Details ??= ReadDetails(unit));
            }
        }

        return null;
    }

    /// <summary>
    /// The name of the function whose DIE is at <paramref name="dieOffset"/>: its DW_AT_name, else
    /// that of its abstract origin or specification, else its linkage name.
    /// </summary>
    public string? FunctionName(ulong dieOffset)
    {
        if (names.TryGetValue(dieOffset, out var cached))
        {
            return cached;
        }

        string? name = null;
        try
        {
            name = ReadFunctionName(dieOffset);
        }
        catch (SymbolFormatException ex)
        {
            reportCorrupt(ex.Message);
        }

        names[dieOffset] = name;
        return name;
    }

    private string? ReadFunctionName(ulong dieOffset)
    {
        string? linkageName = null;
        var offset = dieOffset;
        for (var hop = 0; hop < SymbolLimits.MaxReferenceHops; hop++)
        {
            var unit = UnitContaining(offset);
            if (unit is null)
            {
                break;
            }

            var reader = new ByteReader(sections.Info.AsSpan(0, unit.End), ".debug_info");
            reader.Seek(offset);
            var code = reader.ULeb128();
            var abbreviation = unit.Abbreviations.Find(code) ?? throw reader.Corrupt($"unknown abbreviation code {code}");
            var die = DwarfDie.Read(ref reader, abbreviation, unit.Format);
            if (sections.String(unit, die.Name) is { } name)
            {
                return name;
            }

            linkageName ??= sections.String(unit, die.LinkageName);
            var next = die.AbstractOrigin.IsPresent ? die.AbstractOrigin : die.Specification;
            if (DwarfSections.Reference(unit, next) is not { } target)
            {
                break;
            }

            offset = target;
        }

        return linkageName;
    }

    private DwarfUnit? UnitContaining(ulong offset)
    {
        var low = 0;
        var high = units.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (units[mid].Offset <= offset)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low > 0 && offset >= (ulong)units[low - 1].FirstDie && offset < (ulong)units[low - 1].End ? units[low - 1] : null;
    }

    private DwarfUnitDetails ReadDetails(DwarfUnit unit)
    {
        try
        {
            var lines = unit.LineTableOffset is { } offset
                ? DwarfLineTable.Read(sections, offset, unit.CompilationDirectory)
                : null;
            return new DwarfUnitDetails(lines, DwarfFunctionTree.Read(sections, unit));
        }
        catch (SymbolFormatException ex)
        {
            reportCorrupt($"unit at .debug_info 0x{unit.Offset:x}: {ex.Message}");
            return DwarfUnitDetails.Corrupt;
        }
    }

    private void ReadUnits()
    {
        var abbreviationTables = new Dictionary<ulong, DwarfAbbreviationTable>();
        var reader = new ByteReader(sections.Info, ".debug_info");
        while (reader.Remaining > 0)
        {
            DwarfUnit? unit;
            try
            {
                unit = DwarfUnit.ReadHeader(ref reader);
            }
            catch (SymbolFormatException ex)
            {
                // Without a valid length the next unit cannot be found; the units read so far stay usable.
                reportCorrupt(ex.Message);
                return;
            }

            if (unit is null)
            {
                continue;
            }

            try
            {
                if (!abbreviationTables.TryGetValue(unit.AbbreviationOffset, out var abbreviations))
                {
                    abbreviations = DwarfAbbreviationTable.Read(sections.Abbrev, unit.AbbreviationOffset);
                    abbreviationTables.Add(unit.AbbreviationOffset, abbreviations);
                }

                unit.ReadRoot(sections, abbreviations);
                units.Add(unit);
            }
            catch (SymbolFormatException ex)
            {
                reportCorrupt($"unit at .debug_info 0x{unit.Offset:x}: {ex.Message}");
            }
        }
    }
}
