namespace HeapLedger.Formats.Device;

/// <summary>
/// A device's heap samples at bounded size: up to 256 points; when full, neighbours merge,
/// keeping the lower free figure (the floor) and the later time. Enough for a trend, never
/// proportional to the length of the stream.
/// </summary>
public sealed class HeapSampleHistory
{
    private const int Capacity = 256;
    private readonly List<HeapSample> points = [];
    private int stride = 1;
    private int pending;
    private HeapSample? merged;

    public IReadOnlyList<HeapSample> Points => merged is null ? points : [.. points, merged];

    public void Add(HeapSample sample)
    {
        merged = merged is null ? sample : Lower(merged, sample);
        if (++pending < stride)
        {
            return;
        }

        points.Add(merged);
        merged = null;
        pending = 0;
        if (points.Count == Capacity)
        {
            for (var i = 0; i < Capacity / 2; i++)
            {
                points[i] = Lower(points[2 * i], points[(2 * i) + 1]);
            }

            points.RemoveRange(Capacity / 2, Capacity / 2);
            stride *= 2;
        }
    }

    private static HeapSample Lower(HeapSample a, HeapSample b) => new(
        Math.Max(a.Milliseconds, b.Milliseconds),
        Math.Min(a.Free, b.Free),
        Math.Min(a.MinimumFree, b.MinimumFree),
        Math.Min(a.LargestFree, b.LargestFree),
        Math.Max(a.HeapSize, b.HeapSize));
}
