namespace HeapLedger.Core.Events;

/// <summary>What a finding reports. The JSON names are the kebab-case forms.</summary>
public enum FindingKind
{
    Leak,
    DoubleFree,
    InvalidFree,
    FailedRealloc,
    DuplicateAllocation,
}
