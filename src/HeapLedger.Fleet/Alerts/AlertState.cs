namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// Where one rule stands for one device: everything that must survive a restart for alerts to
/// stay deduplicated (docs/pivot-and-alerts.md, "What the store keeps"). A row is written only
/// when something changes: a device that never matched a rule has none.
/// </summary>
/// <param name="Firing">Whether a "firing" was sent and no "resolved" after it.</param>
/// <param name="Sequence">Transitions so far; each notification carries its number, so one (rule, device) is delivered in order.</param>
/// <param name="FirstFlaggedAt">When the current incident began (the firing judgement's time).</param>
/// <param name="ClearSince">The first judgement in the current run that no longer matches.</param>
/// <param name="ClearJudgements">How many judgements that run has had.</param>
/// <param name="JudgedThrough">Judgements as of this time or earlier are spent: already counted, or from before a fix.</param>
/// <param name="Fired">The figures the firing carried, for a "resolved" sent when the device is marked fixed.</param>
public sealed record AlertState(
    string Rule,
    string Device,
    bool Firing = false,
    long Sequence = 0,
    DateTimeOffset? FirstFlaggedAt = null,
    DateTimeOffset? ClearSince = null,
    int ClearJudgements = 0,
    DateTimeOffset? JudgedThrough = null,
    AlertSnapshot? Fired = null);
