namespace HeapLedger.Core.Events;

/// <summary>What a finding reports. The JSON names are the kebab-case forms.</summary>
public enum FindingKind
{
    Leak,
    DoubleFree,
    InvalidFree,
    FailedRealloc,
    DuplicateAllocation,

    /// <summary>A corrupted allocation header or tail canary (device SDK guard).</summary>
    HeapCorruption,

    /// <summary>A pointer not released within the deadline of its ownership contract (device SDK).</summary>
    ContractViolation,

    /// <summary>A fixed table on the device overflowed; some figures are shared or missing.</summary>
    TableOverflow,
}
