using System.Runtime.CompilerServices;

namespace HeapLedger.Core.Ledger;

/// <summary>
/// A live-bytes series kept at bounded size: the run is cut into spans of equal numbers of
/// allocation events (<see cref="BucketGrid"/>), and for each span only the lowest (floor) and
/// highest (peak) value is kept. When the grid runs out of spans, neighbours are merged, so the
/// memory stays constant however long the trace is. The open span lives in two fields, so the
/// per-event work touches no array.
/// </summary>
internal sealed class SeriesAccumulator
{
    private readonly long[] floors = new long[BucketGrid.MaxBuckets];
    private readonly long[] peaks = new long[BucketGrid.MaxBuckets];
    private int bucket = -1;
    private long openFloor;
    private long openPeak;

    public long Value;

    /// <summary>Changes the value by <paramref name="delta"/> during grid span <paramref name="current"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long delta, int current)
    {
        if (bucket != current)
        {
            Open(current);
        }

        var value = Value + delta;
        Value = value;
        if (value < openFloor)
        {
            openFloor = value;
        }
        else if (value > openPeak)
        {
            openPeak = value;
        }
    }

    /// <summary>Carries the current value through every span up to and including <paramref name="current"/>.</summary>
    public void CatchUp(int current)
    {
        if (current > bucket)
        {
            Open(current);
        }
    }

    /// <summary>Merges pairs of spans; called by the grid for every series at once.</summary>
    public void Halve(int filled)
    {
        CatchUp(filled - 1);
        Store();
        var half = filled / 2;
        for (var i = 0; i < half; i++)
        {
            floors[i] = Math.Min(floors[2 * i], floors[(2 * i) + 1]);
            peaks[i] = Math.Max(peaks[2 * i], peaks[(2 * i) + 1]);
        }

        bucket = half - 1;
        openFloor = floors[bucket];
        openPeak = peaks[bucket];
    }

    public long[] Floors(int count)
    {
        CatchUp(count - 1);
        Store();
        return floors.AsSpan(0, count).ToArray();
    }

    public long[] Peaks(int count)
    {
        CatchUp(count - 1);
        Store();
        return peaks.AsSpan(0, count).ToArray();
    }

    /// <summary>Closes the open span and opens <paramref name="current"/>, carrying the value through any between.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Open(int current)
    {
        Store();
        var value = Value;
        for (var b = bucket + 1; b < current; b++)
        {
            floors[b] = value;
            peaks[b] = value;
        }

        bucket = current;
        openFloor = value;
        openPeak = value;
    }

    private void Store()
    {
        if (bucket >= 0)
        {
            floors[bucket] = openFloor;
            peaks[bucket] = openPeak;
        }
    }
}
