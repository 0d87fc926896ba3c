using HeapLedger.Core.Events;

namespace HeapLedger.Core.Ledger;

/// <summary>
/// Replays allocation events into per-site live figures and bounded series. Memory is
/// proportional to live allocations (address formats only) and to sites, never to trace length.
/// </summary>
public sealed class AllocationLedger : ITraceSink
{
    private readonly List<SiteState> sites = [];
    private readonly Dictionary<string, int> siteIndex = new(StringComparer.Ordinal);
    private readonly List<StackState> stacks = [];
    private StackState[] stackArray = new StackState[64];
    private readonly Dictionary<ulong, LiveAllocation> liveByAddress = [];
    private readonly HashSet<ulong> freedAddresses = [];
    private readonly List<Finding> findings = [];
    private readonly BucketGrid grid = new();
    private readonly SeriesAccumulator total = new();
    private readonly int maxFindings;
    private readonly int maxFreedAddresses;

    private readonly SiteSelector siteSelector;

    public AllocationLedger(int maxFindings = 1000, int maxFreedAddresses = 1 << 20, SiteSelector? siteSelector = null)
    {
        this.maxFindings = maxFindings;
        this.maxFreedAddresses = maxFreedAddresses;
        this.siteSelector = siteSelector ?? SiteSelector.Default;
    }

    public long AllocationCount { get; private set; }

    public long FreeCount { get; private set; }

    public long PeakLiveBytes { get; private set; }

    public long LiveBytes => total.Value;

    public long Milliseconds { get; private set; }

    public bool HasTimestamps { get; private set; }

    public long SuppressedFindings { get; private set; }

    internal IReadOnlyList<SiteState> Sites => sites;

    internal IReadOnlyList<StackState> Stacks => stacks;

    internal IReadOnlyList<Finding> Findings => findings;

    internal BucketGrid Grid => grid;

    internal SeriesAccumulator Total => total;

    public int RegisterStack(IReadOnlyList<Frame> frames)
    {
        var leaf = frames.Count > 0 ? frames[siteSelector.SiteIndex(frames)] : new Frame(null, null, 0, null, 0);
        var key = leaf.SiteKey;
        if (!siteIndex.TryGetValue(key, out var site))
        {
            site = sites.Count;
            sites.Add(new SiteState(leaf, stacks.Count));
            siteIndex.Add(key, site);
        }

        var state = new StackState(frames, sites[site]);
        if (stacks.Count == stackArray.Length)
        {
            Array.Resize(ref stackArray, stackArray.Length * 2);
        }

        stackArray[stacks.Count] = state;
        stacks.Add(state);
        return stacks.Count - 1;
    }

    public void Allocate(int stackId, long size, ulong address)
    {
        var count = ++AllocationCount;
        if (count > grid.NextBoundary)
        {
            AdvanceGrid(count - 1);
        }

        var stack = stackArray[stackId];
        stack.Allocations++;
        stack.LiveBytes += size;
        var site = stack.Site;
        Touch(site, count);
        site.AllocationTimes += count;
        site.Allocations++;
        site.Observations++;
        site.LiveCount++;
        site.AllocatedBytes += size;
        if (site.LiveCount > site.PeakLiveCount)
        {
            site.PeakLiveCount = site.LiveCount;
        }

        var current = grid.Current;
        site.Series.Add(size, current);
        if (site.Series.Value > site.PeakLiveBytes)
        {
            site.PeakLiveBytes = site.Series.Value;
        }

        total.Add(size, current);
        if (total.Value > PeakLiveBytes)
        {
            PeakLiveBytes = total.Value;
        }

        if (address != 0)
        {
            if (liveByAddress.ContainsKey(address))
            {
                // The allocator handed out a pointer that is still live: the trace lost a free.
                Report(new Finding(FindingKind.DuplicateAllocation, site.Site.ToString(),
                    $"0x{address:x} allocated again while still live; the earlier allocation is treated as freed"));
                FreeAddress(address);
            }

            liveByAddress[address] = new LiveAllocation(stackId, size);
            freedAddresses.Remove(address);
        }
    }

    public void FreeKnown(int stackId, long size)
    {
        FreeCount++;
        var stack = stackArray[stackId];
        stack.LiveBytes -= size;
        var site = stack.Site;
        Touch(site, AllocationCount);
        site.FreeTimes += AllocationCount;
        site.Frees++;
        site.Observations++;
        site.LiveCount--;
        var current = grid.Current;
        site.Series.Add(-size, current);
        total.Add(-size, current);
    }

    public bool FreeAddress(ulong address)
    {
        if (!liveByAddress.Remove(address, out var live))
        {
            return false;
        }

        FreeKnown(live.Stack, live.Size);
        if (freedAddresses.Count >= maxFreedAddresses)
        {
            // Bounded memory: past this many, a later double free of an old pointer is reported as invalid.
            freedAddresses.Clear();
        }

        freedAddresses.Add(address);
        return true;
    }

    /// <summary>A device rebooted: everything it had allocated is gone, without free records.</summary>
    public void ReleaseAllAddresses()
    {
        foreach (var address in liveByAddress.Keys.ToList())
        {
            FreeAddress(address);
        }

        freedAddresses.Clear();
    }

    /// <summary>
    /// Starts a site-ledger snapshot (device ledger mode): the device allocated
    /// <paramref name="newAllocations"/> times since the last one, which moves the event axis on.
    /// Follow with one <see cref="Observe"/> per site.
    /// </summary>
    public void BeginSnapshot(long newAllocations)
    {
        var count = AllocationCount + Math.Max(0, newAllocations);
        while (count > grid.NextBoundary)
        {
            AdvanceGrid(grid.NextBoundary);
        }

        AllocationCount = count;
    }

    /// <summary>Sets a site's figures from a snapshot row: cumulative counts, live count and bytes, peak.</summary>
    public void Observe(int stackId, long allocations, long frees, long liveCount, long liveBytes, long peakLiveBytes)
    {
        var stack = stackArray[stackId];
        var site = stack.Site;
        var now = AllocationCount;
        var newAllocations = Math.Max(0, allocations - site.Allocations);
        var newFrees = Math.Max(0, frees - site.Frees);
        if (newAllocations + newFrees > 0 || site.FirstEvent < 0)
        {
            Touch(site, now);
        }

        site.Observations++;
        site.AllocationTimes += (double)newAllocations * now;
        site.FreeTimes += (double)newFrees * now;
        site.Allocations = allocations;
        site.Frees = frees;
        FreeCount += newFrees;
        site.AllocatedBytes += liveCount > 0 && liveBytes > 0 ? newAllocations * (liveBytes / liveCount) : 0;
        site.LiveCount = liveCount;
        site.PeakLiveCount = Math.Max(site.PeakLiveCount, liveCount);
        var delta = liveBytes - site.Series.Value;
        stack.LiveBytes += delta;
        stack.Allocations += newAllocations;
        site.Series.Add(delta, grid.Current);
        site.PeakLiveBytes = Math.Max(site.PeakLiveBytes, Math.Max(peakLiveBytes, liveBytes));
        total.Add(delta, grid.Current);
        PeakLiveBytes = Math.Max(PeakLiveBytes, total.Value);
    }

    /// <summary>True when <paramref name="address"/> was freed before and not handed out again.</summary>
    public bool WasFreed(ulong address) => freedAddresses.Contains(address);

    /// <summary>The stack and size of a live allocation at <paramref name="address"/>.</summary>
    public bool TryGetLive(ulong address, out int stackId, out long size)
    {
        if (liveByAddress.TryGetValue(address, out var live))
        {
            stackId = live.Stack;
            size = live.Size;
            return true;
        }

        stackId = -1;
        size = 0;
        return false;
    }

    public IReadOnlyList<Frame> StackFrames(int stackId) => stacks[stackId].Frames;

    public void AdvanceTime(long milliseconds)
    {
        if (milliseconds > Milliseconds)
        {
            Milliseconds = milliseconds;
        }

        HasTimestamps = true;
    }

    public void Report(Finding finding)
    {
        if (findings.Count < maxFindings)
        {
            findings.Add(finding);
        }
        else
        {
            SuppressedFindings++;
        }
    }

    /// <summary>Closes the series at the end of the trace.</summary>
    public void Complete()
    {
        grid.Close(AllocationCount, Milliseconds);
        var count = grid.Count;
        foreach (var site in sites)
        {
            site.Series.CatchUp(count - 1);
        }

        total.CatchUp(count - 1);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Touch(SiteState site, long now)
    {
        if (site.FirstEvent < 0)
        {
            site.FirstEvent = now;
        }

        site.LastEvent = now;
    }

    private void AdvanceGrid(long allocationsSoFar)
    {
        if (grid.Advance(allocationsSoFar, Milliseconds))
        {
            foreach (var site in sites)
            {
                site.Series.Halve(BucketGrid.MaxBuckets);
            }

            total.Halve(BucketGrid.MaxBuckets);
        }
    }

    private readonly record struct LiveAllocation(int Stack, long Size);
}
