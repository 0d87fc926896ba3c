using System.Globalization;
using HeapLedger.Fleet.Alerts;
using Microsoft.Data.Sqlite;
using static HeapLedger.Fleet.Storage.StoredRows;

namespace HeapLedger.Fleet.Storage.Sqlite;

/// <summary>
/// Alert state in the fleet's SQLite file (<c>alert_state</c>, <c>alert_pending</c>, schema
/// 0002): writes go through the store's one writer, so a state and its notification commit in
/// one transaction with the same durability as a heartbeat; reads use pooled connections.
/// </summary>
public sealed class SqliteAlertStateStore : IAlertStateStore
{
    private readonly SqliteFleetStore _store;

    internal SqliteAlertStateStore(SqliteFleetStore store) => _store = store;

    public async ValueTask<AlertState?> GetAsync(string rule, string device, CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT firing, sequence, first_flagged_at, clear_since, clear_judgements, judged_through, fired
            FROM alert_state WHERE device = $device AND rule = $rule
            """;
        command.Parameters.AddWithValue("$device", device);
        command.Parameters.AddWithValue("$rule", rule);
        await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await row.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new AlertState(rule, device, row.GetInt64(0) != 0, row.GetInt64(1), Time(row, 2), Time(row, 3), (int)row.GetInt64(4), Time(row, 5),
            row.IsDBNull(6) ? null : AlertSnapshotJson.Read(row.GetString(6)));
    }

    public async ValueTask SaveAsync(AlertState state, AlertNotification? notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await _store.WriteAsync(transaction =>
        {
            using var upsert = SqliteFleetStore.Command(transaction, """
                INSERT INTO alert_state (device, rule, firing, sequence, first_flagged_at, clear_since, clear_judgements, judged_through, fired)
                VALUES ($device, $rule, $firing, $sequence, $first, $clear_since, $clear_judgements, $through, $fired)
                ON CONFLICT (device, rule) DO UPDATE SET firing = excluded.firing, sequence = excluded.sequence,
                    first_flagged_at = excluded.first_flagged_at, clear_since = excluded.clear_since,
                    clear_judgements = excluded.clear_judgements, judged_through = excluded.judged_through, fired = excluded.fired
                """, "$device", "$rule", "$firing", "$sequence", "$first", "$clear_since", "$clear_judgements", "$through", "$fired");
            var p = upsert.Parameters;
            p[0].Value = state.Device;
            p[1].Value = state.Rule;
            p[2].Value = state.Firing ? 1 : 0;
            p[3].Value = state.Sequence;
            p[4].Value = SqliteFleetStore.Db(state.FirstFlaggedAt);
            p[5].Value = SqliteFleetStore.Db(state.ClearSince);
            p[6].Value = state.ClearJudgements;
            p[7].Value = SqliteFleetStore.Db(state.JudgedThrough);
            p[8].Value = state.Fired is null ? DBNull.Value : AlertSnapshotJson.Write(state.Fired);
            upsert.ExecuteNonQuery();
            if (notification is not null)
            {
                Insert(transaction, notification);
            }

            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<AlertNotification>> GetPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {PendingColumns} FROM alert_pending ORDER BY position";
        var pending = new List<AlertNotification>();
        await using var row = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pending.Add(Pending(row, Guid.Parse(row.GetString(0), CultureInfo.InvariantCulture)));
        }

        return pending;
    }

    public async ValueTask RemovePendingAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await _store.WriteAsync(transaction =>
        {
            using var delete = SqliteFleetStore.Command(transaction, "DELETE FROM alert_pending WHERE id = $id", "$id");
            delete.Parameters[0].Value = id.ToString("D", CultureInfo.InvariantCulture);
            return delete.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    private static void Insert(SqliteTransaction transaction, AlertNotification notification)
    {
        using var insert = SqliteFleetStore.Command(transaction, $"""
            INSERT INTO alert_pending ({PendingColumns})
            VALUES ($id, $rule, $webhook, $device, $sequence, $state, $reason, $at, $first, $snapshot)
            ON CONFLICT (id) DO NOTHING
            """, "$id", "$rule", "$webhook", "$device", "$sequence", "$state", "$reason", "$at", "$first", "$snapshot");
        var p = insert.Parameters;
        p[0].Value = notification.Id.ToString("D", CultureInfo.InvariantCulture);
        p[1].Value = notification.Rule;
        p[2].Value = notification.Webhook.OriginalString;
        p[3].Value = notification.Device;
        p[4].Value = notification.Sequence;
        p[5].Value = StateText(notification.State);
        p[6].Value = ReasonText(notification.Reason);
        p[7].Value = notification.At.ToUnixTimeMilliseconds();
        p[8].Value = notification.FirstFlaggedAt.ToUnixTimeMilliseconds();
        p[9].Value = AlertSnapshotJson.Write(notification.Snapshot);
        insert.ExecuteNonQuery();
    }
}
