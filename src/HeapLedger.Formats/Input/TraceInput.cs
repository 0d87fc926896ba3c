using System.IO.Compression;
using HeapLedger.Core;
using ZstdSharp;

namespace HeapLedger.Formats.Input;

/// <summary>
/// An opened trace file: compression found from its magic bytes (not its name), and a stream of
/// the decompressed text. <see cref="CompressedPosition"/> says how far into the file on disk the
/// decompressor has read, for error messages about corrupt compressed data.
/// </summary>
public sealed class TraceInput : IDisposable
{
    private readonly FileStream? file;

    private TraceInput(string path, FileStream? file, Compression compression, Stream text)
    {
        Path = path;
        this.file = file;
        Compression = compression;
        Text = text;
    }

    public string Path { get; }

    public Compression Compression { get; }

    public Stream Text { get; }

    public long CompressedLength => file?.Length ?? 0;

    public long CompressedPosition => Text is ReadAheadStream ahead ? ahead.SourcePosition : file?.Position ?? 0;

    /// <summary>A live, uncompressed source (a pipe, a socket, a serial port, a growing file) under a display name.</summary>
    public static TraceInput FromStream(string name, Stream text) => new(name, null, Compression.None, text);

    public static TraceInput Open(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeapLedgerException($"{path}: cannot open: {e.Message}");
        }

        Span<byte> magic = stackalloc byte[4];
        var read = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        var compression = read >= 4 && magic[0] == 0x28 && magic[1] == 0xB5 && magic[2] == 0x2F && magic[3] == 0xFD
            ? Compression.Zstd
            : read >= 2 && magic[0] == 0x1F && magic[1] == 0x8B
                ? Compression.Gzip
                : Compression.None;
        Stream text = compression switch
        {
            Compression.Zstd => new DecompressionStream(file, 1 << 17, checkEndOfStream: true, leaveOpen: true),
            Compression.Gzip => new GZipStream(file, CompressionMode.Decompress, leaveOpen: true),
            _ => file,
        };
        if (compression != Compression.None)
        {
            // Decompression is a third of the work: it runs on its own thread, ahead of the parser.
            text = new ReadAheadStream(text, () => file.Position);
        }

        return new TraceInput(path, file, compression, text);
    }

    /// <summary>
    /// Checks, once all text is read, that the file really ended: .NET's gzip reader stops
    /// quietly at a truncated member, so the gzip trailer's length (ISIZE, mod 2^32) is compared
    /// with what was decompressed.
    /// </summary>
    public void VerifyComplete(long textBytes, long afterLine)
    {
        if (Compression != Compression.Gzip || file is null)
        {
            return;
        }

        Span<byte> trailer = stackalloc byte[4];
        var length = file.Length;
        if (length < 18 || RandomAccess.Read(file.SafeFileHandle, trailer, length - 4) != 4
            || System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer) != (uint)textBytes)
        {
            throw new HeapLedgerException(
                $"{Path}: corrupt or truncated gzip data: the file ends at byte offset {length} (after line {afterLine}) without a gzip trailer matching the {textBytes} bytes decompressed");
        }
    }

    public void Dispose()
    {
        if (!ReferenceEquals(Text, file))
        {
            Text.Dispose();
        }

        file?.Dispose();
    }
}
