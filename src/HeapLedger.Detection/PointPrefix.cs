using System.Collections;

namespace HeapLedger.Detection;

/// <summary>
/// The first <see cref="Count"/> heartbeats of a device, and nothing else: what the harness hands a
/// detector at each judgement. The array behind it is private, so no detector can reach past the
/// prefix to points not yet received.
/// </summary>
internal sealed class PointPrefix(IReadOnlyList<HeapPoint> points, int count) : IReadOnlyList<HeapPoint>
{
    public int Count { get; } = count;

    public HeapPoint this[int index] => (uint)index < (uint)Count ? points[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<HeapPoint> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return points[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
