using HeapLedger.Core.Events;

namespace HeapLedger.Core.Ledger;

/// <summary>
/// Frames that belong to the allocator rather than to the code that asked for memory. A site is
/// the first frame outside them: the caller of <c>operator new</c> or <c>strdup</c>, not the
/// allocator itself.
/// </summary>
public static class AllocatorFrames
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "malloc", "calloc", "realloc", "reallocarray", "free", "memalign", "aligned_alloc", "posix_memalign",
        "valloc", "pvalloc", "strdup", "strndup", "__strdup", "__strndup", "__libc_malloc", "__libc_calloc",
        "__libc_realloc", "__libc_memalign", "_Znwm", "_Znam", "_ZnwmRKSt9nothrow_t", "_ZnamRKSt9nothrow_t",
        "_ZnwmSt11align_val_t", "_ZnamSt11align_val_t", "hl_malloc_impl", "hl_calloc_impl", "hl_realloc_impl",
        "__wrap_malloc", "__wrap_calloc", "__wrap_realloc",

        // ESP-IDF: its heap tracing records these as the first callers on some targets.
        "heap_caps_malloc", "heap_caps_malloc_default", "heap_caps_calloc", "heap_caps_realloc",
        "heap_caps_realloc_default", "heap_caps_aligned_alloc", "heap_caps_malloc_prefer", "trace_malloc",
        "__wrap_heap_caps_malloc",
    };

    public static bool IsAllocator(Frame frame) =>
        frame.Function is { } name
        && (Names.Contains(name) || name.StartsWith("operator new", StringComparison.Ordinal));

    /// <summary>Index of the first frame outside the allocator (0 when every frame is one).</summary>
    public static int SiteIndex(IReadOnlyList<Frame> frames)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            if (!IsAllocator(frames[i]))
            {
                return i;
            }
        }

        return 0;
    }
}
