using HeapLedger.Core.Events;

namespace HeapLedger.Core.Ledger;

internal sealed class StackState(IReadOnlyList<Frame> frames, int site)
{
    public IReadOnlyList<Frame> Frames { get; } = frames;

    public int Site { get; } = site;

    public long LiveBytes;
    public long Allocations;
}
