using Microsoft.Win32.SafeHandles;

namespace HeapLedger.Formats.Symbols;

/// <summary>
/// The headers of a little-endian ELF file (32- or 64-bit) and on-demand access to its sections.
/// The file is opened only while a header or a section is read.
/// </summary>
internal sealed class ElfImage
{
    public const ushort MachineI386 = 3;
    public const ushort MachineArm = 40;
    public const ushort MachineX8664 = 62;
    public const ushort MachineAArch64 = 183;
    public const ushort MachineRiscV = 243;

    private const ushort TypeRelocatable = 1;
    private const ushort TypeExecutable = 2;
    private const ushort TypeShared = 3;
    private const ushort ExtendedSectionIndex = 0xffff;

    /// <summary>A module's load base (dladdr's dli_fbase, the start of its first mapping) is page-aligned.</summary>
    private const ulong PageMask = ~0xfffUL;

    private readonly long fileLength;
    private readonly Dictionary<string, ElfSection> sectionsByName = new(StringComparer.Ordinal);

    private ElfImage(string path, long fileLength, bool is64, ushort machine,
        IReadOnlyList<ElfSection> sections, IReadOnlyList<ElfSegment> segments)
    {
        Path = path;
        this.fileLength = fileLength;
        Is64 = is64;
        Machine = machine;
        Sections = sections;
        Segments = segments;
        foreach (var section in sections)
        {
            sectionsByName.TryAdd(section.Name, section);
        }

        var firstLoad = segments.FirstOrDefault(s => s.Type == ElfSegment.TypeLoad);
        LoadBase = firstLoad.VirtualAddress & PageMask;
    }

    public string Path { get; }

    public bool Is64 { get; }

    public ushort Machine { get; }

    /// <summary>ARM code addresses carry the Thumb state in bit 0.</summary>
    public bool IsArm => Machine == MachineArm;

    public IReadOnlyList<ElfSection> Sections { get; }

    public IReadOnlyList<ElfSegment> Segments { get; }

    /// <summary>
    /// The virtual address a module offset is relative to: the page of the first load segment,
    /// where the module's mapping starts. 0 for a PIE or shared object (offsets are virtual
    /// addresses), 0x400000 or so for a fixed-address executable.
    /// </summary>
    public ulong LoadBase { get; }

    public static ElfImage Open(string path)
    {
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        var header = ReadAt(handle, 0, (int)Math.Min(64, length));
        if (header.Length < 16 || header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
        {
            throw new SymbolFormatException("not an ELF file");
        }

        var is64 = header[4] switch
        {
            1 => false,
            2 => true,
            _ => throw new SymbolFormatException($"unsupported ELF class {header[4]}"),
        };
        if (header[5] != 1)
        {
            throw new SymbolFormatException($"big-endian or unknown ELF data encoding {header[5]} is not supported");
        }

        var reader = new ByteReader(header, "ELF header", 16);
        var type = reader.U16();
        var machine = reader.U16();
        if (machine is not (MachineI386 or MachineArm or MachineX8664 or MachineAArch64 or MachineRiscV))
        {
            throw new SymbolFormatException($"unsupported ELF machine {machine} (x86-64, i386, ARM, AArch64 and RISC-V are read)");
        }

        if (type is not (TypeExecutable or TypeShared))
        {
            var kind = type == TypeRelocatable ? "a relocatable object, not a linked program" : $"ELF type {type}";
            throw new SymbolFormatException(kind);
        }

        reader.Position = is64 ? 32 : 28;
        var programHeaderOffset = reader.Offset(is64);
        var sectionHeaderOffset = reader.Offset(is64);
        reader.Skip(6);
        var programHeaderSize = reader.U16();
        var programHeaderCount = reader.U16();
        var sectionHeaderSize = reader.U16();
        var sectionHeaderCount = (uint)reader.U16();
        var namesIndex = (uint)reader.U16();

        var segments = ReadSegments(handle, length, is64, programHeaderOffset, programHeaderSize, programHeaderCount);
        var table = ReadSectionTable(handle, length, is64, sectionHeaderOffset, sectionHeaderSize, sectionHeaderCount, namesIndex);
        return new ElfImage(path, length, is64, machine, table, segments);
    }

    public ElfSection? FindSection(string name) => sectionsByName.GetValueOrDefault(name);

    /// <summary>True when <paramref name="address"/> lies in code: an executable section, or an executable segment when there are no section headers.</summary>
    public bool IsCode(ulong address)
    {
        var anyCodeSection = false;
        foreach (var section in Sections)
        {
            if (section.IsCode)
            {
                anyCodeSection = true;
                if (section.Contains(address))
                {
                    return true;
                }
            }
        }

        return !anyCodeSection && Segments.Any(s => s.IsExecutableLoad && s.Contains(address));
    }

    /// <summary>The contents of a section, decompressed when it is SHF_COMPRESSED.</summary>
    public byte[] ReadSection(ElfSection section)
    {
        if (section.Type == ElfSection.TypeNoBits || section.Size == 0)
        {
            return [];
        }

        CheckExtent(fileLength, section.Offset, section.Size, $"section {section.Name}");
        using var handle = File.OpenHandle(Path);
        var raw = ReadAt(handle, (long)section.Offset, (int)section.Size);
        return (section.Flags & ElfSection.FlagCompressed) != 0
            ? SectionDecompressor.Decompress(raw, Is64, $"section {section.Name}")
            : raw;
    }

    private static ElfSegment[] ReadSegments(SafeFileHandle handle, long length, bool is64,
        ulong offset, int entrySize, int count)
    {
        if (offset == 0 || count == 0)
        {
            return [];
        }

        var minimumSize = is64 ? 56 : 32;
        if (entrySize < minimumSize)
        {
            throw new SymbolFormatException($"program header size {entrySize} is smaller than {minimumSize}");
        }

        CheckExtent(length, offset, (ulong)entrySize * (ulong)count, "program headers");
        var bytes = ReadAt(handle, (long)offset, entrySize * count);
        var segments = new ElfSegment[count];
        for (var i = 0; i < count; i++)
        {
            var reader = new ByteReader(bytes, $"program header {i}", i * entrySize);
            var type = reader.U32();
            uint flags;
            ulong address, memorySize;
            if (is64)
            {
                flags = reader.U32();
                reader.Skip(8);
                address = reader.U64();
                reader.Skip(16);
                memorySize = reader.U64();
            }
            else
            {
                reader.Skip(4);
                address = reader.U32();
                reader.Skip(8);
                memorySize = reader.U32();
                flags = reader.U32();
            }

            segments[i] = new ElfSegment(type, flags, address, memorySize);
        }

        return segments;
    }

    private static ElfSection[] ReadSectionTable(SafeFileHandle handle, long length, bool is64,
        ulong offset, int entrySize, uint count, uint namesIndex)
    {
        if (offset == 0)
        {
            return [];
        }

        var minimumSize = is64 ? 64 : 40;
        if (entrySize < minimumSize)
        {
            throw new SymbolFormatException($"section header size {entrySize} is smaller than {minimumSize}");
        }

        CheckExtent(length, offset, (ulong)entrySize, "section header 0");
        var (_, first) = ParseSectionHeader(ReadAt(handle, (long)offset, entrySize), 0, is64);
        if (count == 0)
        {
            // More than 0xff00 sections: the real count is in section 0's size (extended numbering).
            count = first.Size > SymbolLimits.MaxSectionHeaders
                ? throw new SymbolFormatException($"{first.Size} section headers exceed the limit of {SymbolLimits.MaxSectionHeaders}")
                : (uint)first.Size;
        }

        if (namesIndex == ExtendedSectionIndex)
        {
            namesIndex = first.Link;
        }

        CheckExtent(length, offset, (ulong)entrySize * count, "section headers");
        var bytes = ReadAt(handle, (long)offset, checked(entrySize * (int)count));
        var headers = new ElfSection[count];
        var nameOffsets = new uint[count];
        for (var i = 0; i < count; i++)
        {
            (nameOffsets[i], headers[i]) = ParseSectionHeader(bytes, i * entrySize, is64);
        }

        byte[] names = [];
        if (namesIndex < count && headers[namesIndex].Type != ElfSection.TypeNoBits)
        {
            var table = headers[namesIndex];
            CheckExtent(length, table.Offset, table.Size, "section name table");
            names = ReadAt(handle, (long)table.Offset, (int)table.Size);
        }

        for (var i = 0; i < count; i++)
        {
            headers[i] = headers[i] with { Name = SectionName(names, nameOffsets[i]) };
        }

        return headers;
    }

    /// <summary>A section header and the offset of its name, resolved once the name table is read.</summary>
    private static (uint NameOffset, ElfSection Section) ParseSectionHeader(byte[] bytes, int offset, bool is64)
    {
        var reader = new ByteReader(bytes, "section header", offset);
        var nameOffset = reader.U32();
        var type = reader.U32();
        var flags = reader.Offset(is64);
        var address = reader.Offset(is64);
        var fileOffset = reader.Offset(is64);
        var size = reader.Offset(is64);
        var link = reader.U32();
        reader.Skip(4 + (is64 ? 8UL : 4UL));
        var entrySize = reader.Offset(is64);
        return (nameOffset, new ElfSection(string.Empty, type, flags, address, fileOffset, size, link, entrySize));
    }

    private static string SectionName(byte[] names, uint offset)
    {
        if (offset >= (uint)names.Length)
        {
            return string.Empty;
        }

        try
        {
            return ByteReader.CStringAt(names, offset, "section names");
        }
        catch (SymbolFormatException)
        {
            return string.Empty;
        }
    }

    private static void CheckExtent(long fileLength, ulong offset, ulong size, string what)
    {
        if (size > (ulong)SymbolLimits.MaxSectionBytes)
        {
            throw new SymbolFormatException($"{what} of {size} bytes exceeds the limit of {SymbolLimits.MaxSectionBytes}");
        }

        if (offset > (ulong)fileLength || size > (ulong)fileLength - offset)
        {
            throw new SymbolFormatException($"{what} at 0x{offset:x}+0x{size:x} lies outside the file (0x{fileLength:x} bytes): truncated or corrupt");
        }
    }

    private static byte[] ReadAt(SafeFileHandle handle, long offset, int count)
    {
        var buffer = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(filled), offset + filled);
            if (read == 0)
            {
                throw new SymbolFormatException($"file ended at 0x{offset + filled:x} while reading 0x{count:x} bytes at 0x{offset:x}");
            }

            filled += read;
        }

        return buffer;
    }
}
