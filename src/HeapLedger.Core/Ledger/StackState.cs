using HeapLedger.Core.Events;

namespace HeapLedger.Core.Ledger;

internal sealed class StackState(IReadOnlyList<Frame> frames, SiteState site)
{
    public IReadOnlyList<Frame> Frames { get; } = frames;

    public SiteState Site { get; } = site;

    public long LiveBytes;
    public long Allocations;
}
