namespace HeapLedger.Core.Ledger;

/// <summary>
/// The shared time axis: spans of <see cref="Width"/> allocation events. Between
/// <see cref="MaxBuckets"/>/2 and <see cref="MaxBuckets"/> spans exist at any time; when the last
/// one fills, the width doubles and every series merges neighbouring spans.
/// </summary>
internal sealed class BucketGrid
{
    public const int MaxBuckets = 256;

    private readonly long[] endAllocations = new long[MaxBuckets];
    private readonly long[] endMilliseconds = new long[MaxBuckets];

    public long Width { get; private set; } = 1;

    /// <summary>The span that events are being counted into.</summary>
    public int Current { get; private set; }

    /// <summary>The allocation count at which <see cref="Current"/> ends.</summary>
    public long NextBoundary { get; private set; } = 1;

    /// <summary>Moves to the next span. Returns true when the grid had to halve itself first.</summary>
    public bool Advance(long allocations, long milliseconds)
    {
        endAllocations[Current] = allocations;
        endMilliseconds[Current] = milliseconds;
        var halved = false;
        if (Current == MaxBuckets - 1)
        {
            for (var i = 0; i < MaxBuckets / 2; i++)
            {
                endAllocations[i] = endAllocations[(2 * i) + 1];
                endMilliseconds[i] = endMilliseconds[(2 * i) + 1];
            }

            Width *= 2;
            Current = (MaxBuckets / 2) - 1;
            halved = true;
        }

        Current++;
        NextBoundary += Width;
        return halved;
    }

    /// <summary>Closes the current span at the end of the trace.</summary>
    public void Close(long allocations, long milliseconds)
    {
        endAllocations[Current] = allocations;
        endMilliseconds[Current] = milliseconds;
    }

    public int Count => Current + 1;

    public long[] EndAllocations() => endAllocations.AsSpan(0, Count).ToArray();

    public long[] EndMilliseconds() => endMilliseconds.AsSpan(0, Count).ToArray();
}
