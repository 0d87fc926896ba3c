using HeapLedger.Fleet.Alerts;
using Npgsql;
using static HeapLedger.Fleet.Storage.StoredRows;

namespace HeapLedger.Fleet.Storage.Postgres;

/// <summary>
/// Alert state in the fleet's PostgreSQL database (<c>alert_state</c>, <c>alert_pending</c>,
/// schema 0002), the semantics of <c>SqliteAlertStateStore</c>: a state and its notification
/// commit in one transaction, with the durability of a heartbeat (<c>synchronous_commit=on</c>).
/// </summary>
/// <remarks>
/// No <c>SELECT ... FOR UPDATE</c> here: <see cref="IAlertStateStore"/> reads a state
/// (<see cref="GetAsync"/>) and saves the next one (<see cref="SaveAsync"/>) in two calls, so a
/// lock taken inside <see cref="SaveAsync"/> would end before the next read and protect nothing
/// the upsert's own row lock does not. Within one service the evaluator serializes each device;
/// across several services alerts must be evaluated by one of them, the one that runs the
/// detection job (docs/scaling.md, "More than one service instance").
/// </remarks>
public sealed class PostgresAlertStateStore : IAlertStateStore
{
    private readonly PostgresFleetStore _store;

    internal PostgresAlertStateStore(PostgresFleetStore store) => _store = store;

    public async ValueTask<AlertState?> GetAsync(string rule, string device, CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresFleetStore.Command(connection, """
            SELECT firing, sequence, first_flagged_at, clear_since, clear_judgements, judged_through, fired
            FROM alert_state WHERE device = $1 AND rule = $2
            """, device, rule);
        await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await row.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new AlertState(rule, device, row.GetBoolean(0), row.GetInt64(1), Time(row, 2), Time(row, 3), row.GetInt32(4), Time(row, 5),
            row.IsDBNull(6) ? null : AlertSnapshotJson.Read(row.GetString(6)));
    }

    public async ValueTask SaveAsync(AlertState state, AlertNotification? notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await _store.WriteAsync(async (connection, token) =>
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(Batched("""
                INSERT INTO alert_state (device, rule, firing, sequence, first_flagged_at, clear_since, clear_judgements, judged_through, fired)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (device, rule) DO UPDATE SET firing = excluded.firing, sequence = excluded.sequence,
                    first_flagged_at = excluded.first_flagged_at, clear_since = excluded.clear_since,
                    clear_judgements = excluded.clear_judgements, judged_through = excluded.judged_through, fired = excluded.fired
                """,
                new NpgsqlParameter<string> { TypedValue = state.Device },
                new NpgsqlParameter<string> { TypedValue = state.Rule },
                new NpgsqlParameter<bool> { TypedValue = state.Firing },
                new NpgsqlParameter<long> { TypedValue = state.Sequence },
                Millis(state.FirstFlaggedAt),
                Millis(state.ClearSince),
                new NpgsqlParameter<int> { TypedValue = state.ClearJudgements },
                Millis(state.JudgedThrough),
                new NpgsqlParameter<string?> { TypedValue = state.Fired is null ? null : AlertSnapshotJson.Write(state.Fired) }));
            if (notification is not null)
            {
                batch.BatchCommands.Add(Batched($"""
                    INSERT INTO alert_pending ({PendingColumns})
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    ON CONFLICT (id) DO NOTHING
                    """,
                    new NpgsqlParameter<Guid> { TypedValue = notification.Id },
                    new NpgsqlParameter<string> { TypedValue = notification.Rule },
                    new NpgsqlParameter<string> { TypedValue = notification.Webhook.OriginalString },
                    new NpgsqlParameter<string> { TypedValue = notification.Device },
                    new NpgsqlParameter<long> { TypedValue = notification.Sequence },
                    new NpgsqlParameter<string> { TypedValue = StateText(notification.State) },
                    new NpgsqlParameter<string> { TypedValue = ReasonText(notification.Reason) },
                    Millis(notification.At),
                    Millis(notification.FirstFlaggedAt),
                    new NpgsqlParameter<string> { TypedValue = AlertSnapshotJson.Write(notification.Snapshot) }));
            }

            return await batch.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<AlertNotification>> GetPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = PostgresFleetStore.Command(connection, $"SELECT {PendingColumns} FROM alert_pending ORDER BY position");
        var pending = new List<AlertNotification>();
        await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pending.Add(Pending(row, row.GetGuid(0)));
        }

        return pending;
    }

    public async ValueTask RemovePendingAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await _store.WriteAsync(async (connection, token) =>
        {
            await using var delete = PostgresFleetStore.Command(connection, "DELETE FROM alert_pending WHERE id = $1", id);
            return await delete.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand Batched(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>A time as Unix milliseconds; null is NULL.</summary>
    private static NpgsqlParameter<long?> Millis(DateTimeOffset? time) => new() { TypedValue = time?.ToUnixTimeMilliseconds() };
}
