namespace HeapLedger.Detection.Evaluation;

/// <summary>How a synthetic device leaks, if it does.</summary>
public enum LeakKind
{
    /// <summary>Healthy: everything it allocates is bounded.</summary>
    None,

    /// <summary>Leaks from before the window opens, in chunks, at a steady average rate.</summary>
    Steady,

    /// <summary>Healthy for a while, then leaks (a firmware update, a change of network).</summary>
    LateOnset,

    /// <summary>Leaks only while a usage mode is active, a few hours on some days.</summary>
    Scenario,

    /// <summary>Pins small blocks that split the heap: the largest free block falls much faster than free bytes.</summary>
    Fragmentation,
}
