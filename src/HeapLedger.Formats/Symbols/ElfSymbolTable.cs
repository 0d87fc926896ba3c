namespace HeapLedger.Formats.Symbols;

/// <summary>
/// Function symbols from .symtab and .dynsym, sorted by address: the names used when an address
/// has no debug info. Names are decoded only for the symbols that are looked up.
/// </summary>
internal sealed class ElfSymbolTable
{
    private const byte TypeFunction = 2;
    private const byte TypeIndirectFunction = 10;
    private const byte BindingGlobal = 1;

    private readonly Symbol[] symbols;
    private readonly List<byte[]> stringTables;

    private ElfSymbolTable(Symbol[] symbols, List<byte[]> stringTables)
    {
        this.symbols = symbols;
        this.stringTables = stringTables;
    }

    public static ElfSymbolTable Read(ElfImage image)
    {
        var symbols = new List<Symbol>();
        var stringTables = new List<byte[]>();
        foreach (var section in image.Sections)
        {
            if (section.Type is not (ElfSection.TypeSymbolTable or ElfSection.TypeDynamicSymbols)
                || section.Link >= image.Sections.Count)
            {
                continue;
            }

            var entrySize = image.Is64 ? 24 : 16;
            if (section.EntrySize != 0 && section.EntrySize < (ulong)entrySize)
            {
                throw new SymbolFormatException($"{image.Path}: {section.Name} entry size {section.EntrySize} is smaller than {entrySize}");
            }

            var stride = section.EntrySize == 0 ? entrySize : (int)Math.Min(section.EntrySize, 1024);
            var data = image.ReadSection(section);
            stringTables.Add(image.ReadSection(image.Sections[(int)section.Link]));
            ReadSymbols(image, data, stride, (short)(stringTables.Count - 1), symbols);
        }

        var sorted = symbols.ToArray();
        Array.Sort(sorted, static (a, b) => a.Address != b.Address ? a.Address.CompareTo(b.Address) : a.Rank.CompareTo(b.Rank));
        return new ElfSymbolTable(sorted, stringTables);
    }

    /// <summary>The function symbol covering <paramref name="address"/>, or null.</summary>
    public string? Find(ulong address)
    {
        var low = 0;
        var high = symbols.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (symbols[mid].Address <= address)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        // Among symbols at the same address the best-ranked one sorts last.
        for (var i = low - 1; i >= 0 && symbols[i].Address == symbols[low - 1].Address; i--)
        {
            var symbol = symbols[i];
            if (symbol.Size == 0 || address - symbol.Address < symbol.Size)
            {
                return Name(symbol);
            }
        }

        return null;
    }

    private string? Name(Symbol symbol)
    {
        try
        {
            return ByteReader.CStringAt(stringTables[symbol.StringTable], symbol.NameOffset, "symbol names");
        }
        catch (SymbolFormatException)
        {
            return null;
        }
    }

    private static void ReadSymbols(ElfImage image, byte[] data, int stride, short stringTable, List<Symbol> into)
    {
        for (var offset = 0; offset + stride <= data.Length; offset += stride)
        {
            var reader = new ByteReader(data, "symbols", offset);
            var nameOffset = reader.U32();
            ulong address, size;
            byte info;
            ushort sectionIndex;
            if (image.Is64)
            {
                info = reader.U8();
                reader.Skip(1);
                sectionIndex = reader.U16();
                address = reader.U64();
                size = reader.U64();
            }
            else
            {
                address = reader.U32();
                size = reader.U32();
                info = reader.U8();
                reader.Skip(1);
                sectionIndex = reader.U16();
            }

            var type = (byte)(info & 0xf);
            if (type is not (TypeFunction or TypeIndirectFunction) || sectionIndex == 0 || address == 0 || nameOffset == 0)
            {
                continue;
            }

            if (image.IsArm)
            {
                // Thumb function symbols have bit 0 set.
                address &= ~1UL;
            }

            var rank = (byte)((info >> 4 == BindingGlobal ? 2 : 0) + (size != 0 ? 1 : 0));
            into.Add(new Symbol(address, size, nameOffset, stringTable, rank));
        }
    }

    private readonly record struct Symbol(ulong Address, ulong Size, uint NameOffset, short StringTable, byte Rank);
}
