namespace HeapLedger.Core.Events;

/// <summary>A problem found while reading a trace or judging its sites.</summary>
/// <param name="Site">The site (function file:line) it concerns, when known.</param>
/// <param name="Location">Where in the input it was seen, e.g. <c>trace.log:123</c>, when it came from one record.</param>
public sealed record Finding(FindingKind Kind, string? Site, string Message, string? Location = null)
{
    /// <summary>Whether this finding fails a run on its own (exit code 1), leak verdicts aside.</summary>
    public bool IsError => Kind is FindingKind.DoubleFree or FindingKind.InvalidFree or FindingKind.HeapCorruption or FindingKind.ContractViolation;

    public static string KindName(FindingKind kind) => kind switch
    {
        FindingKind.Leak => "leak",
        FindingKind.DoubleFree => "double-free",
        FindingKind.InvalidFree => "invalid-free",
        FindingKind.FailedRealloc => "failed-realloc",
        FindingKind.DuplicateAllocation => "duplicate-allocation",
        FindingKind.HeapCorruption => "heap-corruption",
        FindingKind.ContractViolation => "contract-violation",
        FindingKind.TableOverflow => "table-overflow",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
