using HeapLedger.Core.Events;

namespace HeapLedger.Core.Ledger;

/// <summary>
/// Chooses a stack's site: the first frame that is neither the allocator nor vendored
/// third-party code. A driver that allocates on its caller's behalf and hands the memory over
/// (the field report's modem driver) is not where the leak is: the first frame of the firmware's
/// own code is. Vendored code is recognised by a directory named like <c>vendor/</c> or
/// <c>third_party/</c> in the frame's file, or by patterns the user gives (<c>--vendor</c>).
/// The full stack is kept beside the site either way.
/// </summary>
public sealed class SiteSelector
{
    private static readonly string[] VendorDirectories =
        ["vendor", "vendors", "third_party", "third-party", "thirdparty", "3rdparty", "external", "extern"];

    private readonly IReadOnlyList<string> patterns;

    /// <param name="vendorPatterns">A function name, or a part of a file path (e.g. <c>modem_driver.c</c>, <c>libs/bsp/</c>).</param>
    public SiteSelector(IReadOnlyList<string>? vendorPatterns = null)
    {
        patterns = vendorPatterns ?? [];
    }

    public static SiteSelector Default { get; } = new();

    /// <summary>Index of the site frame: the first frame outside the allocator and vendored code, else the first outside the allocator.</summary>
    public int SiteIndex(IReadOnlyList<Frame> frames)
    {
        var outsideAllocator = AllocatorFrames.SiteIndex(frames);
        for (var i = outsideAllocator; i < frames.Count; i++)
        {
            if (!IsVendor(frames[i]))
            {
                return i;
            }
        }

        return outsideAllocator;
    }

    public bool IsVendor(Frame frame)
    {
        if (frame.File is { } file)
        {
            var parts = file.Replace('\\', '/').Split('/');
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (VendorDirectories.Contains(parts[i], StringComparer.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        foreach (var pattern in patterns)
        {
            if (frame.Function == pattern || (frame.File is { } path && path.Contains(pattern, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
