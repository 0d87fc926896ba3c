namespace HeapLedger.Fleet.Alerts;

/// <summary>When a firing alert is resolved; docs/pivot-and-alerts.md says why these defaults.</summary>
public sealed record AlertOptions
{
    public static AlertOptions Default { get; } = new();

    /// <summary>The rule must have stopped matching for this long, in heartbeat time...</summary>
    public TimeSpan ResolveAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>...and over at least this many judgements in a row.</summary>
    public int ResolveAfterJudgements { get; init; } = 2;
}
