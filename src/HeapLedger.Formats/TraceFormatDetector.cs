using HeapLedger.Core;
using HeapLedger.Formats.Input;

namespace HeapLedger.Formats;

/// <summary>Tells the format from the content (after decompression), never only from the name.</summary>
public static class TraceFormatDetector
{
    /// <summary>Enough to see past a firmware's boot messages to its first record.</summary>
    private const int PeekBytes = 64 * 1024;

    public static TraceFormat Detect(string path)
    {
        byte[] head;
        int length;
        using (var input = TraceInput.Open(path))
        {
            head = new byte[PeekBytes];
            try
            {
                length = input.Text.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new HeapLedgerException(
                    $"{path}: corrupt or truncated {input.Compression.ToString().ToLowerInvariant()} data near byte offset {input.CompressedPosition}: {e.Message}", e);
            }
        }

        return Detect(path, head.AsSpan(0, length));
    }

    /// <summary>A line with the device record prefix followed by a hex sequence number, anywhere in a console log.</summary>
    private static bool LooksLikeDeviceRecords(ReadOnlySpan<byte> head)
    {
        var at = head.IndexOf("#HL "u8);
        while (at >= 0)
        {
            var rest = head[(at + 4)..];
            if (!rest.IsEmpty && char.IsAsciiHexDigitLower((char)rest[0]))
            {
                return true;
            }

            var next = rest.IndexOf("#HL "u8);
            at = next < 0 ? -1 : at + 4 + next;
        }

        return false;
    }

    public static TraceFormat Detect(string path, ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            throw new HeapLedgerException($"{path}: the file is empty; expected a heaptrack or mtrace trace");
        }

        if (LooksLikeDeviceRecords(head))
        {
            return TraceFormat.DeviceRecords;
        }

        // Before the zero-byte check: serial captures often hold garbage bytes from a reset.
        if (EspIdf.EspIdfHeapTraceReader.Looks(head))
        {
            return TraceFormat.EspIdfHeapTrace;
        }

        var nul = head.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw new HeapLedgerException($"{path}: binary data (a zero byte at byte offset {nul}); expected a heaptrack (.zst, .gz or text) or glibc mtrace trace");
        }

        var lineNumber = 0;
        foreach (var range in head.Split((byte)'\n'))
        {
            lineNumber++;
            var line = head[range];
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            if (line.StartsWith("= Start"u8) || line.StartsWith("@ "u8) || line.StartsWith("+ 0x"u8))
            {
                return TraceFormat.Mtrace;
            }

            if (line.StartsWith("v "u8))
            {
                return TraceFormat.Heaptrack;
            }

            if (line.StartsWith("m "u8) || line.StartsWith("x "u8))
            {
                throw new HeapLedgerException($"{path}:{lineNumber}: {Heaptrack.HeaptrackReader.RawFileMessage(path)}");
            }

            break;
        }

        throw new HeapLedgerException(
            $"{path}:{Math.Max(lineNumber, 1)}: not a trace HeapLedger reads: expected device records ('#HL <seq> <kind> ...' lines), an ESP-IDF heap_trace_dump() log, a heaptrack file (first record 'v <version> <format>') or a glibc mtrace log ('= Start' or '@ caller + pointer size')");
    }
}
