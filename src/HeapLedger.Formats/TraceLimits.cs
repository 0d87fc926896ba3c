namespace HeapLedger.Formats;

/// <summary>
/// Bounds on every count a trace can ask us to hold, so that a hostile or corrupt file fails with
/// a clear message instead of exhausting memory. The defaults are far above what real traces need.
/// </summary>
public sealed record TraceLimits
{
    public static TraceLimits Default { get; } = new();

    public int MaxLineBytes { get; init; } = 1 << 20;

    public int MaxStringBytes { get; init; } = 64 << 10;

    public int MaxStrings { get; init; } = 16_000_000;

    public int MaxInstructionPointers { get; init; } = 32_000_000;

    public int MaxTraces { get; init; } = 32_000_000;

    public int MaxAllocationInfos { get; init; } = 64_000_000;

    public int MaxInlineDepth { get; init; } = 256;

    public int MaxStackDepth { get; init; } = 4096;

    /// <summary>No single allocation in a real trace is this large (1 TiB).</summary>
    public long MaxAllocationBytes { get; init; } = 1L << 40;
}
