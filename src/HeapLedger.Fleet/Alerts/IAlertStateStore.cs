namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// Where alert state lives: one <see cref="AlertState"/> per (rule, device), and the
/// notifications not yet delivered. A database-backed store must save a state and its
/// notification in one transaction, and return pending notifications in the order they were
/// saved; docs/pivot-and-alerts.md, "What the store keeps", lists the columns.
/// </summary>
public interface IAlertStateStore
{
    ValueTask<AlertState?> GetAsync(string rule, string device, CancellationToken cancellationToken = default);

    /// <summary>Upserts the state and, when given, adds the notification to the pending ones, atomically.</summary>
    ValueTask SaveAsync(AlertState state, AlertNotification? notification, CancellationToken cancellationToken = default);

    /// <summary>Every notification not yet delivered nor given up, oldest first.</summary>
    ValueTask<IReadOnlyList<AlertNotification>> GetPendingAsync(CancellationToken cancellationToken = default);

    /// <summary>Delivered, or given up: no longer pending. Removing an unknown id does nothing.</summary>
    ValueTask RemovePendingAsync(Guid id, CancellationToken cancellationToken = default);
}
