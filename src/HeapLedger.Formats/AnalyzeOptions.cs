using HeapLedger.Formats.Mtrace;

namespace HeapLedger.Formats;

/// <param name="Resolve">How callers given as module + offset become frames (mtrace); heaptrack files carry their own.</param>
/// <param name="AtExit">Also list everything still live at the end.</param>
public sealed record AnalyzeOptions(CallerResolver Resolve, bool AtExit, TraceLimits Limits);
