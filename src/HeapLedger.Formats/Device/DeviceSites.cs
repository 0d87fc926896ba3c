using HeapLedger.Core.Events;
using HeapLedger.Core.Ledger;
using HeapLedger.Formats.Input;
using HeapLedger.Formats.Mtrace;

namespace HeapLedger.Formats.Device;

/// <summary>
/// The stacks of a device stream: a site's return address, or a site with the callers an SDK
/// recorded above it, symbolized once and registered with the ledger; sites the explicit API
/// named by source location (N records) keep that name.
/// </summary>
internal sealed class DeviceSites(AllocationLedger ledger, CallerResolver resolve, TraceLimits limits, LineReader lines)
{
    private readonly Dictionary<ulong, int> stackBySite = [];
    private readonly Dictionary<(ulong Site, string Callers), int> deepStacks = [];
    private readonly Dictionary<ulong, Frame> named = [];
    private readonly Dictionary<ulong, string> names = [];

    public void Name(ulong site, string file, int line) => named[site] = new Frame(null, file, line, null, site);

    /// <summary>The site's innermost frame as text, else its address; kept, since snapshots ask for every site again.</summary>
    public string NameOf(ulong site)
    {
        if (!names.TryGetValue(site, out var name))
        {
            var frames = ledger.StackFrames(StackFor(site));
            name = frames.Count > 0 ? frames[0].ToString() : $"0x{site:x}";
            names[site] = name;
        }

        return name;
    }

    public int StackFor(ulong site, ulong[] callers)
    {
        if (callers.Length == 0)
        {
            return StackFor(site);
        }

        var key = string.Join(',', callers);
        if (deepStacks.TryGetValue((site, key), out var known))
        {
            return known;
        }

        if (deepStacks.Count >= limits.MaxTraces || callers.Length > limits.MaxStackDepth)
        {
            throw lines.Error("too many distinct stacks or frames (TraceLimits.MaxTraces, MaxStackDepth)");
        }

        var frames = new List<Frame>(ledger.StackFrames(StackFor(site)));
        foreach (var caller in callers.Where(c => c != 0))
        {
            frames.AddRange(Resolve(caller));
        }

        var stack = ledger.RegisterStack(frames);
        deepStacks[(site, key)] = stack;
        return stack;
    }

    public int StackFor(ulong site)
    {
        if (stackBySite.TryGetValue(site, out var stack))
        {
            return stack;
        }

        if (stackBySite.Count >= limits.MaxTraces)
        {
            throw lines.Error($"more than {limits.MaxTraces} distinct sites (TraceLimits.MaxTraces)");
        }

        IReadOnlyList<Frame> frames = site == 0 ? [new Frame("(sites beyond the device's table)", null, 0, null, 0)] : Resolve(site);
        stack = ledger.RegisterStack(frames);
        stackBySite[site] = stack;
        return stack;
    }

    private IReadOnlyList<Frame> Resolve(ulong address) =>
        named.TryGetValue(address, out var frame) ? [frame] : resolve(null, address, null);
}
