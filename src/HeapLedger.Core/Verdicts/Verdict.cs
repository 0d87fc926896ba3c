namespace HeapLedger.Core.Verdicts;

/// <summary>What a site's live memory did over the run (definitions in docs/verdicts.md).</summary>
public enum Verdict
{
    /// <summary>Its floor keeps rising: memory taken and never given back, still growing at the end.</summary>
    Leak,

    /// <summary>Held to the end, not growing: taken in one step and then left alone.</summary>
    Retained,

    /// <summary>Rises then plateaus or oscillates: a cache, a pool, a queue flushed in batches.</summary>
    Bounded,

    /// <summary>Freed soon after allocation: on average at most about one allocation live at a time, none at the end.</summary>
    Temporary,

    /// <summary>Nothing held at the end and nothing suspicious on the way.</summary>
    Ok,
}
