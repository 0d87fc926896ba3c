namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// One transition to deliver to a rule's webhook: pending in the store from the moment the
/// transition is saved until it is delivered or given up. <see cref="Id"/> is the same on every
/// attempt, so a receiver can drop a repeat (delivery is at least once).
/// </summary>
/// <param name="Sequence">The transition's number for this (rule, device): deliveries keep this order.</param>
/// <param name="At">The heartbeat time of the judgement (or the fix) that made the transition.</param>
/// <param name="FirstFlaggedAt">When the incident began.</param>
/// <param name="Snapshot">The figures to report: the judgement's, or for a fix those the firing had.</param>
public sealed record AlertNotification(
    Guid Id,
    string Rule,
    Uri Webhook,
    string Device,
    long Sequence,
    AlertTransition State,
    AlertReason Reason,
    DateTimeOffset At,
    DateTimeOffset FirstFlaggedAt,
    AlertSnapshot Snapshot);
