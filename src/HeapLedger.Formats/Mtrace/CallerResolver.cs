using HeapLedger.Core.Events;

namespace HeapLedger.Formats.Mtrace;

/// <summary>
/// Turns a caller recorded by an allocator hook into frames, innermost first.
/// <paramref name="module"/> is null for an absolute address; <paramref name="symbol"/> is the
/// symbol the trace itself named, if any (a fallback when there is no debug info).
/// </summary>
public delegate IReadOnlyList<Frame> CallerResolver(string? module, ulong address, string? symbol);
