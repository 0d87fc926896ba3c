namespace HeapLedger.Core.Ledger;

/// <summary>
/// A live-bytes series kept at bounded size: the run is cut into spans of equal numbers of
/// allocation events (<see cref="BucketGrid"/>), and for each span only the lowest (floor) and
/// highest (peak) value is kept. When the grid runs out of spans, neighbours are merged, so the
/// memory stays constant however long the trace is.
/// </summary>
internal sealed class SeriesAccumulator
{
    private readonly long[] floors = new long[BucketGrid.MaxBuckets];
    private readonly long[] peaks = new long[BucketGrid.MaxBuckets];
    private int bucket = -1;

    public long Value { get; private set; }

    /// <summary>Changes the value by <paramref name="delta"/> during grid span <paramref name="current"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(long delta, int current)
    {
        if (bucket != current)
        {
            CatchUp(current);
        }

        var value = Value + delta;
        Value = value;
        if (value < floors[current])
        {
            floors[current] = value;
        }
        else if (value > peaks[current])
        {
            peaks[current] = value;
        }
    }

    /// <summary>Carries the current value through every span up to and including <paramref name="current"/>.</summary>
    public void CatchUp(int current)
    {
        var value = Value;
        for (var b = bucket + 1; b <= current; b++)
        {
            floors[b] = value;
            peaks[b] = value;
        }

        if (current > bucket)
        {
            bucket = current;
        }
    }

    /// <summary>Merges pairs of spans; called by the grid for every series at once.</summary>
    public void Halve(int filled)
    {
        CatchUp(filled - 1);
        var half = filled / 2;
        for (var i = 0; i < half; i++)
        {
            floors[i] = Math.Min(floors[2 * i], floors[(2 * i) + 1]);
            peaks[i] = Math.Max(peaks[2 * i], peaks[(2 * i) + 1]);
        }

        bucket = half - 1;
    }

    public long[] Floors(int count)
    {
        CatchUp(count - 1);
        return floors.AsSpan(0, count).ToArray();
    }

    public long[] Peaks(int count)
    {
        CatchUp(count - 1);
        return peaks.AsSpan(0, count).ToArray();
    }
}
