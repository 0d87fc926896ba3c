using HeapLedger.Core;

namespace HeapLedger.Detection.Series;

/// <summary>
/// Splits a stream into lines without allocating per line, refusing lines longer than the limit
/// (a binary file or a missing newline must not be read into memory whole).
/// </summary>
internal sealed class LineSplitter(Stream stream, string path, int maxLineBytes)
{
    private byte[] buffer = new byte[Math.Max(64 << 10, Math.Min(maxLineBytes + 1, 1 << 20))];
    private int start;
    private int end;
    private bool eof;

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var available = buffer.AsSpan(start, end - start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0 || (eof && !available.IsEmpty))
            {
                var length = newline >= 0 ? newline : available.Length;
                if (length > maxLineBytes)
                {
                    throw TooLong();
                }

                line = available[..length];
                if (!line.IsEmpty && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }

                start += newline >= 0 ? newline + 1 : length;
                LineNumber++;
                return true;
            }

            if (eof)
            {
                line = default;
                return false;
            }

            if (end - start > maxLineBytes)
            {
                throw TooLong();
            }

            Fill();
        }
    }

    private HeapLedgerException TooLong() =>
        new($"{path}:{LineNumber + 1}: line longer than {maxLineBytes} bytes (SeriesLimits.MaxLineBytes); this is not a heap series or it is corrupt");

    private void Fill()
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = stream.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            eof = true;
        }

        end += read;
    }
}
