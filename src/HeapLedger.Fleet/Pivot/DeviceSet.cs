using System.Numerics;

namespace HeapLedger.Fleet.Pivot;

/// <summary>
/// A set of device indices as bits. The pivot numbers leaking devices first, so counting the
/// leaking members of an intersection is a popcount over a prefix of the words.
/// </summary>
internal sealed class DeviceSet
{
    private readonly ulong[] words;

    public DeviceSet(int devices, IEnumerable<int> members)
    {
        words = new ulong[(devices + 63) / 64];
        foreach (var member in members)
        {
            words[member >> 6] |= 1UL << (member & 63);
        }
    }

    /// <summary>Members of both sets, and how many of them are below <paramref name="leaking"/>.</summary>
    public (int Leaking, int All) CountBoth(DeviceSet other, int leaking)
    {
        var full = leaking >> 6;
        var all = 0;
        var below = 0;
        for (var i = 0; i < words.Length; i++)
        {
            var both = words[i] & other.words[i];
            if (both == 0)
            {
                continue;
            }

            var count = BitOperations.PopCount(both);
            all += count;
            if (i < full)
            {
                below += count;
            }
            else if (i == full)
            {
                below += BitOperations.PopCount(both & ((1UL << (leaking & 63)) - 1));
            }
        }

        return (below, all);
    }
}
