using HeapLedger.Detection;
using HeapLedger.Fleet.Identity;
using Npgsql;
using static HeapLedger.Fleet.Storage.StoredRows;

namespace HeapLedger.Fleet.Storage.Postgres;

/// <summary>The read side: the queries of the SQLite store, each on a pooled connection, several in one round trip where one read needs them.</summary>
public sealed partial class PostgresFleetStore
{
    private const string SummaryColumns = """
        d.id, d.last_heartbeat_at, j.verdict, j.bytes_per_hour, j.bytes_per_hour_low, j.bytes_per_hour_high, j.onset,
        j.exhaustion_at, j.exhaustion_low, j.exhaustion_high, j.points, j.limit_kind, j.confidence, j.judged_at, j.first_flagged_at
        """;

    private const string PointsOfDevice = """
        SELECT seq, time, uptime_s, free, min_free, largest_free, heap_size FROM heartbeats
        WHERE device = $1 AND time >= (SELECT last_heartbeat_at FROM devices WHERE id = $1) - $2
        ORDER BY time DESC, seq DESC LIMIT $3
        """;

    public async Task<Caller?> FindCallerAsync(string tokenHash, CancellationToken cancel)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT 0, id FROM devices WHERE token_hash = $1 UNION ALL SELECT 1, name FROM hubs WHERE token_hash = $1", tokenHash);
        await using var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await row.ReadAsync(cancel).ConfigureAwait(false)
            ? new Caller(row.GetInt32(0) == 0 ? CallerKind.Device : CallerKind.Hub, row.GetString(1))
            : null;
    }

    public async Task<bool> DeviceExistsAsync(string device, CancellationToken cancel)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT 1 FROM devices WHERE id = $1", device);
        return await command.ExecuteScalarAsync(cancel).ConfigureAwait(false) is not null;
    }

    public async Task<bool> HasHeartbeatAsync(string device, long seq, CancellationToken cancel)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT 1 FROM heartbeats WHERE device = $1 AND seq = $2", device, seq);
        return await command.ExecuteScalarAsync(cancel).ConfigureAwait(false) is not null;
    }

    public async Task<long> CountHeartbeatsAsync(CancellationToken cancel)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT COUNT(*) FROM heartbeats");
        return (long)(await command.ExecuteScalarAsync(cancel).ConfigureAwait(false))!;
    }

    public async Task<JobCursor> ReadCursorAsync(string job, CancellationToken cancel)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT received_at, device FROM job_cursors WHERE job = $1", job);
        await using var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await row.ReadAsync(cancel).ConfigureAwait(false) ? new JobCursor(row.GetInt64(0), row.GetString(1)) : JobCursor.Start;
    }

    /// <summary>
    /// Devices in order of <c>(received_xact, id)</c> past the cursor, but only those stamped by
    /// a transaction older than every transaction still running (the snapshot's xmin, taken by
    /// the same statement). Commits do not come in the order of their transaction ids: without
    /// that bound a reader could pass a device stamped by transaction 100 while transaction 99,
    /// not yet committed, stamps another, and never read the second. Below xmin every
    /// transaction has ended, and every later one gets a larger id; the price is that one long
    /// transaction anywhere in the cluster holds the job back (it is delayed, never skips).
    /// </summary>
    public async Task<IReadOnlyList<ReportedDevice>> DevicesReportedAfterAsync(JobCursor after, int limit, CancellationToken cancel)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var command = Command(connection, """
            SELECT id, last_heartbeat_at, received_xact FROM devices
            WHERE (received_xact, id) > ($1, $2) AND received_xact < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
            ORDER BY received_xact, id
            LIMIT $3
            """, after.ReceivedAt, after.Device, limit);
        await using var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await ReadReportedDevicesAsync(row, cancel).ConfigureAwait(false);
    }

    public async Task<DeviceSeries?> LoadSeriesAsync(string device, TimeSpan history, int maxPoints, CancellationToken cancel)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var batch = Batch(connection,
            ("SELECT 1 FROM devices WHERE id = $1", [device]),
            (PointsOfDevice, [device, (long)history.TotalMilliseconds, maxPoints]),
            ("SELECT name, value FROM device_attributes WHERE device = $1 ORDER BY name", [device]));
        await using var row = await batch.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        if (!await row.ReadAsync(cancel).ConfigureAwait(false))
        {
            return null;
        }

        await row.NextResultAsync(cancel).ConfigureAwait(false);
        var points = (await ReadPointsAsync(row, cancel).ConfigureAwait(false)).ConvertAll(p => p.Point);
        await row.NextResultAsync(cancel).ConfigureAwait(false);
        return new DeviceSeries(device, points, await ReadAttributesAsync(row, cancel).ConfigureAwait(false));
    }

    public async Task<DevicePage> ListDevicesAsync(DeviceQuery query, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.AtRiskOnly ? $"WHERE j.verdict = '{DeviceVerdictNames.Leaking}'" : string.Empty;
        var order = query.Sort switch
        {
            DeviceSort.Device => "d.id",
            DeviceSort.LastHeartbeat => "d.last_heartbeat_at DESC NULLS LAST, d.id",
            _ => $"""
                CASE j.verdict WHEN '{DeviceVerdictNames.Leaking}' THEN 0 WHEN '{DeviceVerdictNames.Healthy}' THEN 1 WHEN '{DeviceVerdictNames.InsufficientData}' THEN 2 ELSE 3 END,
                j.exhaustion_at NULLS LAST, d.id
                """,
        };
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var batch = Batch(connection,
            ($"SELECT COUNT(*) FROM devices d LEFT JOIN judgements j ON j.device = d.id {filter}", []),
            ($"""
                WITH page AS (
                    SELECT {SummaryColumns}, row_number() OVER (ORDER BY {order}) AS position
                    FROM devices d LEFT JOIN judgements j ON j.device = d.id {filter}
                    ORDER BY {order} LIMIT $1 OFFSET $2)
                SELECT * FROM page ORDER BY position
                """, [query.PageSize, (long)(query.Page - 1) * query.PageSize]));
        long total;
        var summaries = new List<DeviceSummary>();
        await using (var row = await batch.ExecuteReaderAsync(cancel).ConfigureAwait(false))
        {
            await row.ReadAsync(cancel).ConfigureAwait(false);
            total = row.GetInt64(0);
            await row.NextResultAsync(cancel).ConfigureAwait(false);
            while (await row.ReadAsync(cancel).ConfigureAwait(false))
            {
                summaries.Add(Summary(row));
            }
        }

        // The page's attributes in one query rather than one per device.
        var attributes = summaries.ToDictionary(s => s.Device, _ => new Dictionary<string, string>(StringComparer.Ordinal), StringComparer.Ordinal);
        await using (var command = Command(connection, "SELECT device, name, value FROM device_attributes WHERE device = ANY($1) ORDER BY device, name", (object)attributes.Keys.ToArray()))
        await using (var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false))
        {
            while (await row.ReadAsync(cancel).ConfigureAwait(false))
            {
                attributes[row.GetString(0)][row.GetString(1)] = row.GetString(2);
            }
        }

        return new DevicePage(total, summaries.ConvertAll(s => s with { Attributes = attributes[s.Device] }));
    }

    public async Task<DeviceDetail?> GetDeviceAsync(string device, TimeSpan history, int maxPoints, CancellationToken cancel)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var batch = Batch(connection,
            ($"SELECT {SummaryColumns} FROM devices d LEFT JOIN judgements j ON j.device = d.id WHERE d.id = $1", [device]),
            ("SELECT name, value FROM device_attributes WHERE device = $1 ORDER BY name", [device]),
            (PointsOfDevice, [device, (long)history.TotalMilliseconds, maxPoints]),
            ("SELECT judged_at, verdict, bytes_per_hour, exhaustion_at FROM judgement_history WHERE device = $1 ORDER BY judged_at", [device]));
        await using var row = await batch.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        if (!await row.ReadAsync(cancel).ConfigureAwait(false))
        {
            return null;
        }

        var summary = Summary(row);
        await row.NextResultAsync(cancel).ConfigureAwait(false);
        summary = summary with { Attributes = await ReadAttributesAsync(row, cancel).ConfigureAwait(false) };
        await row.NextResultAsync(cancel).ConfigureAwait(false);
        var series = await ReadPointsAsync(row, cancel).ConfigureAwait(false);
        await row.NextResultAsync(cancel).ConfigureAwait(false);
        var changes = new List<JudgementChange>();
        while (await row.ReadAsync(cancel).ConfigureAwait(false))
        {
            DeviceVerdictNames.TryParse(row.GetString(1), out var verdict);
            changes.Add(new JudgementChange(Time(row, 0)!.Value, verdict, Double(row, 2), Time(row, 3)));
        }

        return new DeviceDetail(summary, series, changes);
    }

    private static NpgsqlBatch Batch(NpgsqlConnection connection, params (string Sql, object[] Parameters)[] commands)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var (sql, parameters) in commands)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var value in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            batch.BatchCommands.Add(command);
        }

        return batch;
    }
}
