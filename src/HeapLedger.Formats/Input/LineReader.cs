using HeapLedger.Core;

namespace HeapLedger.Formats.Input;

/// <summary>
/// Splits a stream into lines without allocating per line. Tracks the 1-based line number and
/// the byte offset of each line in the (decompressed) text, for error messages.
/// </summary>
public sealed class LineReader
{
    private readonly TraceInput input;
    private readonly int maxLineBytes;
    private byte[] buffer;
    private int start;
    private int end;
    private bool eof;

    public LineReader(TraceInput input, int maxLineBytes, int bufferBytes = 1 << 20)
    {
        this.input = input;
        this.maxLineBytes = maxLineBytes;
        buffer = new byte[Math.Max(bufferBytes, 4096)];
    }

    /// <summary>The line number of the line last returned (1-based).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Byte offset in the decompressed text of the line last returned.</summary>
    public long LineOffset { get; private set; }

    /// <summary>Bytes of text consumed so far.</summary>
    public long BytesRead { get; private set; }

    public string Path => input.Path;

    /// <summary>
    /// Called whenever everything read so far has been handed out and the reader is about to
    /// read (and, on a live source, perhaps wait) for more: the moment to look at the results.
    /// </summary>
    public Action? CaughtUp { get; set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var available = buffer.AsSpan(start, end - start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = available[..newline];
                Consume(newline + 1);
                return true;
            }

            if (eof)
            {
                if (available.IsEmpty)
                {
                    line = default;
                    return false;
                }

                line = available;
                Consume(available.Length);
                return true;
            }

            if (end - start >= maxLineBytes)
            {
                throw new HeapLedgerException(
                    $"{Path}:{LineNumber + 1}: line longer than {maxLineBytes} bytes (byte offset {BytesRead}); this is not a text trace or it is corrupt");
            }

            Fill();
        }
    }

    /// <summary>
    /// Returns as many complete lines as the buffer holds, each ending in '\n' (a last line
    /// without one gets one), for parsers that walk lines themselves. They report how many lines
    /// they consumed with <see cref="Mark"/>, so that error messages name the right line.
    /// </summary>
    public bool TryReadChunk(out ReadOnlySpan<byte> chunk)
    {
        while (true)
        {
            var available = buffer.AsSpan(start, end - start);
            var last = available.LastIndexOf((byte)'\n');
            if (last >= 0)
            {
                chunk = available[..(last + 1)];
                ChunkStart(last + 1);
                return true;
            }

            if (eof)
            {
                if (available.IsEmpty)
                {
                    chunk = default;
                    return false;
                }

                if (end == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length + 1);
                }

                buffer[end++] = (byte)'\n';
                continue;
            }

            if (end - start >= maxLineBytes)
            {
                throw new HeapLedgerException(
                    $"{Path}:{LineNumber + 1}: line longer than {maxLineBytes} bytes (byte offset {BytesRead}); this is not a text trace or it is corrupt");
            }

            Fill();
        }
    }

    /// <summary>Byte offset in the text where the chunk last returned begins.</summary>
    public long ChunkOffset { get; private set; }

    /// <summary>Records the position of the line a chunk parser is on (1-based), for <see cref="Error"/>.</summary>
    public void Mark(long lineNumber, long lineOffset)
    {
        LineNumber = lineNumber;
        LineOffset = lineOffset;
    }

    private void ChunkStart(int count)
    {
        ChunkOffset = BytesRead;
        BytesRead += count;
        start += count;
    }

    /// <summary>An error about the line last returned.</summary>
    public HeapLedgerException Error(string what) => new($"{Path}:{LineNumber}: {what}");

    private void Consume(int count)
    {
        LineNumber++;
        LineOffset = BytesRead;
        BytesRead += count;
        start += count;
    }

    private void Fill()
    {
        CaughtUp?.Invoke();
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxLineBytes + 1));
        }

        int read;
        try
        {
            read = input.Text.Read(buffer, end, buffer.Length - end);
        }
        catch (Exception e) when (e is not HeapLedgerException and not OutOfMemoryException)
        {
            var kind = input.Compression == Compression.None ? "read error" : $"corrupt or truncated {input.Compression.ToString().ToLowerInvariant()} data";
            throw new HeapLedgerException(
                $"{Path}: {kind} near byte offset {input.CompressedPosition} of the file (after line {LineNumber}): {e.Message}", e);
        }

        if (read == 0)
        {
            eof = true;
            input.VerifyComplete(BytesRead + (end - start), LineNumber);
        }

        end += read;
    }
}
