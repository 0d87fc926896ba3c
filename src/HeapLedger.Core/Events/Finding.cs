namespace HeapLedger.Core.Events;

/// <summary>A problem found while reading a trace or judging its sites.</summary>
/// <param name="Site">The site (function file:line) it concerns, when known.</param>
/// <param name="Location">Where in the input it was seen, e.g. <c>trace.log:123</c>, when it came from one record.</param>
public sealed record Finding(FindingKind Kind, string? Site, string Message, string? Location = null)
{
    public static string KindName(FindingKind kind) => kind switch
    {
        FindingKind.Leak => "leak",
        FindingKind.DoubleFree => "double-free",
        FindingKind.InvalidFree => "invalid-free",
        FindingKind.FailedRealloc => "failed-realloc",
        FindingKind.DuplicateAllocation => "duplicate-allocation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
