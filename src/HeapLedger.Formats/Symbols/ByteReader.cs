using System.Buffers.Binary;
using System.Text;

namespace HeapLedger.Formats.Symbols;

/// <summary>
/// A little-endian cursor over one section. Every read is bounds-checked and throws
/// <see cref="SymbolFormatException"/> naming the section and offset when the data runs out.
/// </summary>
internal ref struct ByteReader
{
    private readonly ReadOnlySpan<byte> data;
    private readonly string section;
    private int position;

    public ByteReader(ReadOnlySpan<byte> data, string section, int position = 0)
    {
        this.data = data;
        this.section = section;
        Position = position;
    }

    public int Position
    {
        readonly get => position;
        set
        {
            if ((uint)value > (uint)data.Length)
            {
                throw new SymbolFormatException($"{section}: offset 0x{value:x} is past the end of the section (0x{data.Length:x} bytes)");
            }

            position = value;
        }
    }

    public readonly int Remaining => data.Length - position;

    /// <summary>Moves to a section offset read from the file, checking it fits.</summary>
    public void Seek(ulong offset) =>
        Position = offset <= (ulong)data.Length
            ? (int)offset
            : throw new SymbolFormatException($"{section}: offset 0x{offset:x} is past the end of the section (0x{data.Length:x} bytes)");

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>An unsigned little-endian integer of 1, 2, 3, 4 or 8 bytes.</summary>
    public ulong UInt(int size)
    {
        switch (size)
        {
            case 1: return U8();
            case 2: return U16();
            case 4: return U32();
            case 8: return U64();
            case 3:
                var bytes = Take(3);
                return bytes[0] | ((ulong)bytes[1] << 8) | ((ulong)bytes[2] << 16);
            default:
                throw Corrupt($"unsupported integer size {size}");
        }
    }

    /// <summary>A section offset: 4 bytes in 32-bit DWARF, 8 in 64-bit DWARF.</summary>
    public ulong Offset(bool is64) => is64 ? U64() : U32();

    public ulong ULeb128()
    {
        ulong result = 0;
        var shift = 0;
        while (true)
        {
            var b = U8();
            if (shift < 64)
            {
                result |= (ulong)(b & 0x7f) << shift;
            }

            shift += 7;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }

    public long SLeb128()
    {
        long result = 0;
        var shift = 0;
        byte b;
        do
        {
            b = U8();
            if (shift < 64)
            {
                result |= (long)(b & 0x7f) << shift;
            }

            shift += 7;
        }
        while ((b & 0x80) != 0);

        if (shift < 64 && (b & 0x40) != 0)
        {
            result |= -1L << shift;
        }

        return result;
    }

    public void Skip(ulong count)
    {
        if (count > (ulong)Remaining)
        {
            throw Truncated(count);
        }

        position += (int)count;
    }

    public ReadOnlySpan<byte> Bytes(ulong count)
    {
        if (count > (ulong)Remaining)
        {
            throw Truncated(count);
        }

        return Take((int)count);
    }

    /// <summary>Reads a NUL-terminated UTF-8 string and moves past its terminator.</summary>
    public string CString()
    {
        var bytes = CStringBytes();
        return bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
    }

    public void SkipCString() => CStringBytes();

    /// <summary>The NUL-terminated string at <paramref name="offset"/> of <paramref name="data"/>.</summary>
    public static string CStringAt(ReadOnlySpan<byte> data, ulong offset, string section)
    {
        var reader = new ByteReader(data, section);
        reader.Seek(offset);
        return reader.CString();
    }

    public readonly SymbolFormatException Corrupt(string problem) =>
        new($"{section}: {problem} at offset 0x{position:x}");

    private ReadOnlySpan<byte> CStringBytes()
    {
        var rest = data[position..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw Corrupt("unterminated string");
        }

        if (end > SymbolLimits.MaxStringBytes)
        {
            throw Corrupt($"string of {end} bytes is longer than the limit of {SymbolLimits.MaxStringBytes}");
        }

        position += end + 1;
        return rest[..end];
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw Truncated((ulong)count);
        }

        var slice = data.Slice(position, count);
        position += count;
        return slice;
    }

    private readonly SymbolFormatException Truncated(ulong needed) =>
        new($"{section}: truncated at offset 0x{position:x} (needs {needed} bytes, {Remaining} left)");
}
