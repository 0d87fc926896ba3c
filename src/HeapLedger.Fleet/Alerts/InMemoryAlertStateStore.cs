namespace HeapLedger.Fleet.Alerts;

/// <summary>The store for one process's lifetime (and tests): safe to share between threads.</summary>
public sealed class InMemoryAlertStateStore : IAlertStateStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Rule, string Device), AlertState> states = [];
    private readonly LinkedList<AlertNotification> pending = new();
    private readonly Dictionary<Guid, LinkedListNode<AlertNotification>> pendingById = [];

    public ValueTask<AlertState?> GetAsync(string rule, string device, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return ValueTask.FromResult(states.GetValueOrDefault((rule, device)));
        }
    }

    public ValueTask SaveAsync(AlertState state, AlertNotification? notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (gate)
        {
            states[(state.Rule, state.Device)] = state;
            if (notification is not null && !pendingById.ContainsKey(notification.Id))
            {
                pendingById.Add(notification.Id, pending.AddLast(notification));
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<AlertNotification>> GetPendingAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return ValueTask.FromResult<IReadOnlyList<AlertNotification>>([.. pending]);
        }
    }

    public ValueTask RemovePendingAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (pendingById.Remove(id, out var node))
            {
                pending.Remove(node);
            }
        }

        return ValueTask.CompletedTask;
    }
}
