namespace HeapLedger.Formats.Symbols;

/// <summary>The abbreviations of one unit, read from .debug_abbrev.</summary>
internal sealed class DwarfAbbreviationTable
{
    /// <summary>Codes are usually 1..n; those are kept in an array, any others in a dictionary.</summary>
    private const ulong MaxDenseCode = 1 << 16;

    private readonly List<DwarfAbbreviation?> dense = [];
    private readonly Dictionary<ulong, DwarfAbbreviation> sparse = [];

    public static DwarfAbbreviationTable Read(ReadOnlySpan<byte> section, ulong offset)
    {
        var table = new DwarfAbbreviationTable();
        var reader = new ByteReader(section, ".debug_abbrev");
        reader.Seek(offset);
        var attributes = new List<DwarfAttributeSpec>();
        while (true)
        {
            var code = reader.ULeb128();
            if (code == 0)
            {
                return table;
            }

            var tag = reader.ULeb128();
            var hasChildren = reader.U8() != 0;
            attributes.Clear();
            while (true)
            {
                var name = reader.ULeb128();
                var form = reader.ULeb128();
                if (name == 0 && form == 0)
                {
                    break;
                }

                var implicitConst = form == DwarfConstants.FormImplicitConst ? reader.SLeb128() : 0;
                attributes.Add(new DwarfAttributeSpec(name, form, implicitConst));
            }

            table.Add(code, new DwarfAbbreviation(tag, hasChildren, [.. attributes]));
        }
    }

    public DwarfAbbreviation? Find(ulong code) =>
        code < (ulong)dense.Count ? dense[(int)code] : sparse.GetValueOrDefault(code);

    private void Add(ulong code, DwarfAbbreviation abbreviation)
    {
        if (code < MaxDenseCode)
        {
            while ((ulong)dense.Count <= code)
            {
                dense.Add(null);
            }

            dense[(int)code] ??= abbreviation;
        }
        else
        {
            sparse.TryAdd(code, abbreviation);
        }
    }
}
