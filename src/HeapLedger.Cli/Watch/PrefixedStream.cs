using HeapLedger.Formats.Input;

namespace HeapLedger.Cli.Watch;

/// <summary>Replays bytes already read (to tell the format) before the rest of a live stream.</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream rest) : ReadOnlyStream
{
    private int position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (position < prefix.Length)
        {
            var n = Math.Min(count, prefix.Length - position);
            Array.Copy(prefix, position, buffer, offset, n);
            position += n;
            return n;
        }

        return rest.Read(buffer, offset, count);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            rest.Dispose();
        }

        base.Dispose(disposing);
    }
}
