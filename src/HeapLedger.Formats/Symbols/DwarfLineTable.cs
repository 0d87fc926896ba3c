namespace HeapLedger.Formats.Symbols;

/// <summary>
/// One unit's line table from .debug_line (DWARF 2-5): its file names and the rows of its line
/// program, grouped into address-sorted sequences.
/// </summary>
internal sealed class DwarfLineTable
{
    private readonly LineTableHeader header;
    private readonly string?[] fileNames;
    private readonly LineRow[] rows;
    private readonly Sequence[] sequences;

    /// <summary>For each sequence (by start), the largest end of it and all before it: lets a lookup stop early.</summary>
    private readonly ulong[] endsSoFar;

    private DwarfLineTable(LineTableHeader header, List<LineRow> rows, List<Sequence> sequences)
    {
        this.header = header;
        this.rows = [.. rows];
        sequences.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        this.sequences = [.. sequences];
        endsSoFar = new ulong[this.sequences.Length];
        for (var i = 0; i < this.sequences.Length; i++)
        {
            endsSoFar[i] = Math.Max(this.sequences[i].End, i > 0 ? endsSoFar[i - 1] : 0);
        }

        fileNames = new string?[header.Files.Count];
    }

    public static DwarfLineTable Read(DwarfSections sections, ulong offset, string? compilationDirectory)
    {
        var reader = new ByteReader(sections.Line, ".debug_line");
        reader.Seek(offset);
        var header = LineTableHeader.Read(ref reader, sections, compilationDirectory, out var programEnd);
        var rows = new List<LineRow>();
        var sequences = new List<Sequence>();
        var program = new ByteReader(sections.Line.AsSpan(0, programEnd), ".debug_line", reader.Position);
        LineProgram.Run(ref program, header, rows, sequences);
        return new DwarfLineTable(header, rows, sequences);
    }

    /// <summary>
    /// The row covering <paramref name="address"/>: the last row at or before it in the sequence
    /// that contains it (so of several rows at one address the last one wins, as in addr2line).
    /// </summary>
    public bool TryFind(ulong address, out ulong file, out int line)
    {
        file = 0;
        line = 0;
        for (var index = LastSequenceStartingAtOrBefore(address); index >= 0 && endsSoFar[index] > address; index--)
        {
            var sequence = sequences[index];
            if (!sequence.Contains(address))
            {
                continue;
            }

            var row = LastRowAtOrBefore(sequence, address);
            file = row.File;
            line = row.Line;
            return true;
        }

        return false;
    }

    /// <summary>The path of file <paramref name="index"/> as addr2line prints it, or null when the index is not in the table.</summary>
    public string? FileName(ulong index)
    {
        // Before DWARF 5 file numbers start at 1; from DWARF 5 on at 0.
        var slot = header.Version >= 5 ? index : index - 1;
        if (slot >= (ulong)fileNames.Length)
        {
            return null;
        }

        return fileNames[slot] ??= header.FullPath((int)slot);
    }

    private int LastSequenceStartingAtOrBefore(ulong address)
    {
        var low = 0;
        var high = sequences.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sequences[mid].Start <= address)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low - 1;
    }

    /// <summary>The row in force at <paramref name="address"/>; the sequence starts at or before it, so there is one.</summary>
    private LineRow LastRowAtOrBefore(Sequence sequence, ulong address)
    {
        var low = sequence.FirstRow;
        var high = sequence.FirstRow + sequence.RowCount;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (rows[mid].Address <= address)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return rows[low - 1];
    }

    internal readonly record struct LineRow(ulong Address, ulong File, int Line);

    internal readonly record struct Sequence(ulong Start, ulong End, int FirstRow, int RowCount)
    {
        public bool Contains(ulong address) => address >= Start && address < End;
    }
}
