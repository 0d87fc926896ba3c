using System.Collections.Concurrent;

namespace HeapLedger.Formats.Input;

/// <summary>
/// Decompresses on a second thread while the caller parses: reads fixed-size blocks from the
/// inner stream ahead of the consumer, a few blocks at most. Exceptions from the inner stream
/// reach the consumer at the point in the data where they happened.
/// </summary>
internal sealed class ReadAheadStream : ReadOnlyStream
{
    private const int BlockBytes = 1 << 20;
    private const int BlocksAhead = 4;

    private readonly Stream inner;
    private readonly Func<long> innerPosition;
    private readonly BlockingCollection<Block> full = new(BlocksAhead);
    private readonly BlockingCollection<byte[]> empty = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Thread worker;
    private Block current;
    private int offset;
    private bool done;

    public ReadAheadStream(Stream inner, Func<long> innerPosition)
    {
        this.inner = inner;
        this.innerPosition = innerPosition;
        for (var i = 0; i < BlocksAhead + 2; i++)
        {
            empty.Add(new byte[BlockBytes]);
        }

        worker = new Thread(Produce) { IsBackground = true, Name = "heapledger-decompress" };
        worker.Start();
    }

    /// <summary>How far into the file on disk the data handed out so far came from.</summary>
    public long SourcePosition => current.SourcePosition;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (!done && (current.Data is null || this.offset >= current.Length))
        {
            if (current.Data is not null)
            {
                empty.Add(current.Data);
            }

            current = full.Take();
            this.offset = 0;
            if (current.Error is not null)
            {
                done = true;
                throw new IOException(current.Error.Message, current.Error);
            }

            if (current.Length == 0)
            {
                done = true;
            }
        }

        if (done)
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, current.Length - this.offset);
        current.Data.AsSpan(this.offset, n).CopyTo(buffer);
        this.offset += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stop.Cancel();
            worker.Join();
            inner.Dispose();
            stop.Dispose();
            full.Dispose();
            empty.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Produce()
    {
        try
        {
            while (true)
            {
                var data = empty.Take(stop.Token);
                int length;
                try
                {
                    length = inner.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    full.Add(new Block(null, 0, innerPosition(), e), stop.Token);
                    return;
                }

                full.Add(new Block(data, length, innerPosition(), null), stop.Token);
                if (length == 0)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The consumer stopped early (an error in the text, or it is done).
        }
    }

    private readonly record struct Block(byte[]? Data, int Length, long SourcePosition, Exception? Error);
}
