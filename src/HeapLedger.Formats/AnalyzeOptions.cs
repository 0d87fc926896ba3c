using HeapLedger.Formats.Mtrace;

namespace HeapLedger.Formats;

/// <param name="Resolve">How callers given as module + offset become frames (mtrace); heaptrack files carry their own.</param>
/// <param name="AtExit">Also list everything still live at the end.</param>
/// <param name="ElfFiles">The --elf files; the first is the firmware image whose build ID a device stream must match.</param>
/// <param name="VendorPatterns">The --vendor patterns: frames of third-party code that a site is never named after.</param>
public sealed record AnalyzeOptions(CallerResolver Resolve, bool AtExit, TraceLimits Limits, IReadOnlyList<string>? ElfFiles = null, IReadOnlyList<string>? VendorPatterns = null);
