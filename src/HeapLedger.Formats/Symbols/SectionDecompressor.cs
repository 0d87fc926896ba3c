using System.IO.Compression;
using ZstdSharp;

namespace HeapLedger.Formats.Symbols;

/// <summary>Inflates an SHF_COMPRESSED section (ELF compression header + zlib or zstd stream).</summary>
internal static class SectionDecompressor
{
    private const uint CompressZlib = 1;
    private const uint CompressZstd = 2;

    /// <summary>The first allocation; the buffer grows only as real data arrives, whatever size the header claims.</summary>
    private const int InitialBufferBytes = 1 << 20;

    public static byte[] Decompress(byte[] raw, bool is64, string what)
    {
        var reader = new ByteReader(raw, what);
        var type = reader.U32();
        if (is64)
        {
            reader.Skip(4);
        }

        var size = reader.Offset(is64);
        reader.Skip(is64 ? 8UL : 4UL);
        if (size > SymbolLimits.MaxSectionBytes)
        {
            throw new SymbolFormatException($"{what}: decompressed size {size} exceeds the limit of {SymbolLimits.MaxSectionBytes}");
        }

        using var input = new MemoryStream(raw, reader.Position, reader.Remaining, writable: false);
        try
        {
            using Stream stream = type switch
            {
                CompressZlib => new ZLibStream(input, CompressionMode.Decompress),
                CompressZstd => new DecompressionStream(input),
                _ => throw new SymbolFormatException($"{what}: unknown compression type {type}"),
            };
            return ReadExactly(stream, (int)size, what);
        }
        catch (Exception ex) when (ex is InvalidDataException or ZstdException or IOException)
        {
            throw new SymbolFormatException($"{what}: cannot decompress: {ex.Message}", ex);
        }
    }

    private static byte[] ReadExactly(Stream stream, int size, string what)
    {
        var buffer = new byte[Math.Min(size, InitialBufferBytes)];
        var filled = 0;
        while (filled < size)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(size, buffer.Length * 2L));
            }

            var read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                throw new SymbolFormatException($"{what}: decompressed to {filled} bytes, header says {size}");
            }

            filled += read;
        }

        return buffer;
    }
}
