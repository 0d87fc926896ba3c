namespace HeapLedger.Core.Events;

/// <summary>
/// The one event model every reader feeds. Readers stream: they call these methods as they
/// parse, and never hold the trace in memory.
/// </summary>
public interface ITraceSink
{
    /// <summary>Registers a call stack (innermost frame first) and returns its id for later events.</summary>
    int RegisterStack(IReadOnlyList<Frame> frames);

    /// <summary>An allocation of <paramref name="size"/> bytes from stack <paramref name="stackId"/>.
    /// <paramref name="address"/> is 0 when the format identifies frees otherwise.</summary>
    void Allocate(int stackId, long size, ulong address);

    /// <summary>A free of a known allocation (formats without addresses, such as heaptrack's final files).</summary>
    void FreeKnown(int stackId, long size);

    /// <summary>A free by address. Returns false when the address is not live (the caller reports it).</summary>
    bool FreeAddress(ulong address);

    /// <summary>The trace's clock, in milliseconds since start; never goes backwards.</summary>
    void AdvanceTime(long milliseconds);

    /// <summary>A problem seen in the trace (double free, invalid free, failed realloc).</summary>
    void Report(Finding finding);
}
