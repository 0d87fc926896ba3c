using HeapLedger.Detection;

namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// The per-(rule, device) transitions, without I/O. Fires once when the rule starts to match;
/// resolves only after it has stopped matching for <see cref="AlertOptions.ResolveAfter"/> of
/// heartbeat time over at least <see cref="AlertOptions.ResolveAfterJudgements"/> judgements in a
/// row (any match in between starts the count again), so a verdict that flaps never resolves and
/// re-fires. "Insufficient data" says nothing either way and is skipped; so is a judgement no
/// newer than the last one counted (a job that repeats itself counts nothing twice).
/// </summary>
internal static class AlertStateMachine
{
    /// <summary>The next state and, when it is a transition, what its notification says.</summary>
    public readonly record struct Step(AlertState Next, AlertTransition? Transition = null, AlertReason Reason = AlertReason.Matched, DateTimeOffset At = default, AlertSnapshot? Snapshot = null);

    public static Step Judge(AlertState state, AlertRule rule, DeviceJudgement judgement, AlertOptions options)
    {
        var unchanged = new Step(state);
        var at = judgement.AsOf;
        if (judgement.Forecast.Verdict == DeviceVerdict.InsufficientData || at <= state.JudgedThrough)
        {
            return unchanged;
        }

        var matches = rule.Matches(judgement);
        if (!state.Firing)
        {
            return matches
                ? new Step(
                    state with
                    {
                        Firing = true,
                        Sequence = state.Sequence + 1,
                        FirstFlaggedAt = at,
                        ClearSince = null,
                        ClearJudgements = 0,
                        JudgedThrough = at,
                        Fired = AlertSnapshot.Of(judgement),
                    },
                    AlertTransition.Firing,
                    AlertReason.Matched,
                    at,
                    AlertSnapshot.Of(judgement))
                : unchanged;
        }

        if (matches)
        {
            return state.ClearSince is null
                ? unchanged
                : new Step(state with { ClearSince = null, ClearJudgements = 0, JudgedThrough = at });
        }

        var since = state.ClearSince ?? at;
        var clear = state.ClearJudgements + 1;
        if (clear >= options.ResolveAfterJudgements && at - since >= options.ResolveAfter)
        {
            return new Step(Resolved(state, at), AlertTransition.Resolved, AlertReason.Recovered, at, AlertSnapshot.Of(judgement));
        }

        return new Step(state with { ClearSince = since, ClearJudgements = clear, JudgedThrough = at });
    }

    /// <summary>
    /// Marked fixed at <paramref name="fixedAt"/>: a firing alert resolves, and judgements as of
    /// the fix or earlier can no longer fire (they rest on the heartbeats before it).
    /// </summary>
    public static Step Fix(AlertState state, DateTimeOffset fixedAt)
    {
        var through = state.JudgedThrough is { } earlier && earlier > fixedAt ? earlier : fixedAt;
        if (!state.Firing)
        {
            return new Step(state with { JudgedThrough = through });
        }

        // The figures the firing carried: what was fixed. A state saved without them (a store
        // that lost the column) still resolves, with the verdict alone.
        var fired = state.Fired ?? new AlertSnapshot(DeviceVerdict.Leaking, null, null, null, new Dictionary<string, string>());
        return new Step(Resolved(state, through), AlertTransition.Resolved, AlertReason.Fixed, fixedAt, fired);
    }

    private static AlertState Resolved(AlertState state, DateTimeOffset through) =>
        state with { Firing = false, Sequence = state.Sequence + 1, ClearSince = null, ClearJudgements = 0, JudgedThrough = through };
}
