namespace HeapLedger.Formats.Symbols;

/// <summary>The header of one .debug_line unit: the program's parameters, directories and files.</summary>
internal sealed class LineTableHeader
{
    private const ulong ContentPath = 1;
    private const ulong ContentDirectoryIndex = 2;

    private readonly List<string?> directories = [];
    private readonly string? compilationDirectory;

    private LineTableHeader(ushort version, string? compilationDirectory)
    {
        Version = version;
        this.compilationDirectory = compilationDirectory;
    }

    public ushort Version { get; }

    public byte MinimumInstructionLength { get; private set; }

    public byte MaximumOperationsPerInstruction { get; private set; }

    public sbyte LineBase { get; private set; }

    public byte LineRange { get; private set; }

    public byte OpcodeBase { get; private set; }

    /// <summary>How many LEB128 operands each standard opcode takes (index 0 is opcode 1).</summary>
    public byte[] StandardOpcodeLengths { get; private set; } = [];

    /// <summary>File entries: name and directory index. DW_LNE_define_file may add to them.</summary>
    public List<(string? Name, ulong Directory)> Files { get; } = [];

    /// <summary>Reads the header at the reader's position, leaving the reader at the start of the line program.</summary>
    public static LineTableHeader Read(ref ByteReader reader, DwarfSections sections, string? compilationDirectory, out int programEnd)
    {
        var (length, is64) = DwarfUnit.ReadInitialLength(ref reader);
        if (length > (ulong)reader.Remaining)
        {
            throw reader.Corrupt($"line table length 0x{length:x} runs past the end of the section (0x{reader.Remaining:x} bytes left)");
        }

        programEnd = reader.Position + (int)length;
        var version = reader.U16();
        if (version is < 2 or > 5)
        {
            throw reader.Corrupt($"line table version {version} (2 to 5 are read)");
        }

        var header = new LineTableHeader(version, compilationDirectory);
        byte addressSize = 8;
        if (version >= 5)
        {
            addressSize = reader.U8();
            reader.U8();
        }

        var headerLength = reader.Offset(is64);
        if (headerLength > (ulong)(programEnd - reader.Position))
        {
            throw reader.Corrupt($"line table header length 0x{headerLength:x} runs past the unit");
        }

        var programStart = reader.Position + (int)headerLength;
        var fields = new ByteReader(sections.Line.AsSpan(0, programStart), ".debug_line", reader.Position);
        header.MinimumInstructionLength = fields.U8();
        header.MaximumOperationsPerInstruction = version >= 4 ? fields.U8() : (byte)1;
        fields.U8(); // default_is_stmt: addr2line uses every row, statement or not.
        header.LineBase = (sbyte)fields.U8();
        header.LineRange = fields.U8();
        header.OpcodeBase = fields.U8();
        if (header.LineRange == 0 || header.OpcodeBase == 0)
        {
            throw fields.Corrupt($"line table with line_range {header.LineRange}, opcode_base {header.OpcodeBase}");
        }

        header.StandardOpcodeLengths = fields.Bytes((ulong)header.OpcodeBase - 1).ToArray();
        if (version >= 5)
        {
            var format = new DwarfFormat(version, addressSize, is64);
            header.ReadEntries(ref fields, sections, format, isDirectory: true);
            header.ReadEntries(ref fields, sections, format, isDirectory: false);
        }
        else
        {
            header.ReadLegacyEntries(ref fields);
        }

        reader.Position = programStart;
        return header;
    }

    /// <summary>
    /// The path addr2line prints for file slot <paramref name="slot"/>: the name when absolute,
    /// else joined to its directory, and to the compilation directory when that directory is relative.
    /// </summary>
    public string? FullPath(int slot)
    {
        var (name, directoryIndex) = Files[slot];
        if (name is null || IsAbsolute(name))
        {
            return name;
        }

        // Before DWARF 5, directory 0 is the compilation directory and the table starts at 1.
        var directorySlot = Version >= 5 ? directoryIndex : directoryIndex - 1;
        var directory = directorySlot < (ulong)directories.Count ? directories[(int)directorySlot] : null;
        if (directory is not null && IsAbsolute(directory))
        {
            return $"{directory}/{name}";
        }

        if (compilationDirectory is null)
        {
            return directory is null ? name : $"{directory}/{name}";
        }

        return directory is null ? $"{compilationDirectory}/{name}" : $"{compilationDirectory}/{directory}/{name}";
    }

    private static bool IsAbsolute(string path) =>
        path.StartsWith('/') || path.StartsWith('\\') || (path.Length > 2 && path[1] == ':' && path[2] is '/' or '\\');

    private void ReadLegacyEntries(ref ByteReader reader)
    {
        while (reader.CString() is { Length: > 0 } directory)
        {
            directories.Add(directory);
        }

        while (reader.CString() is { Length: > 0 } name)
        {
            var directory = reader.ULeb128();
            reader.ULeb128();
            reader.ULeb128();
            Files.Add((name, directory));
        }
    }

    private void ReadEntries(ref ByteReader reader, DwarfSections sections, DwarfFormat format, bool isDirectory)
    {
        var formatCount = reader.U8();
        var formats = new (ulong Content, ulong Form)[formatCount];
        for (var i = 0; i < formatCount; i++)
        {
            formats[i] = (reader.ULeb128(), reader.ULeb128());
        }

        var count = reader.ULeb128();
        if (count > SymbolLimits.MaxLineTableFiles || count > (ulong)reader.Remaining)
        {
            throw reader.Corrupt($"{count} line table entries (limit {SymbolLimits.MaxLineTableFiles}, {reader.Remaining} bytes left)");
        }

        for (var i = 0UL; i < count; i++)
        {
            string? name = null;
            ulong directory = 0;
            foreach (var (content, form) in formats)
            {
                var value = DwarfForms.Read(ref reader, form, 0, format);
                if (content == ContentPath)
                {
                    name = value.Kind switch
                    {
                        DwarfValueKind.InlineString => ByteReader.CStringAt(sections.Line, value.Value, ".debug_line"),
                        DwarfValueKind.LineStringOffset => ByteReader.CStringAt(sections.LineStr, value.Value, ".debug_line_str"),
                        DwarfValueKind.StringOffset => ByteReader.CStringAt(sections.Str, value.Value, ".debug_str"),
                        _ => null,
                    };
                }
                else if (content == ContentDirectoryIndex && value.Kind == DwarfValueKind.Constant)
                {
                    directory = value.Value;
                }
            }

            if (isDirectory)
            {
                directories.Add(name);
            }
            else
            {
                Files.Add((name, directory));
            }
        }
    }
}
