using HeapLedger.Detection;
using HeapLedger.Fleet.Identity;
using Microsoft.Data.Sqlite;
using static HeapLedger.Fleet.Storage.StoredRows;

namespace HeapLedger.Fleet.Storage.Sqlite;

/// <summary>The read side: each query on a pooled connection of its own, beside the writer.</summary>
public sealed partial class SqliteFleetStore
{
    private const string SummaryColumns = """
        d.id, d.last_heartbeat_at, j.verdict, j.bytes_per_hour, j.bytes_per_hour_low, j.bytes_per_hour_high, j.onset,
        j.exhaustion_at, j.exhaustion_low, j.exhaustion_high, j.points, j.limit_kind, j.confidence, j.judged_at, j.first_flagged_at
        """;

    public async Task<Caller?> FindCallerAsync(string tokenHash, CancellationToken cancel)
    {
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        await using var command = Query(connection, """
            SELECT 0, id FROM devices WHERE token_hash = $hash
            UNION ALL
            SELECT 1, name FROM hubs WHERE token_hash = $hash
            """, ("$hash", tokenHash));
        await using var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await row.ReadAsync(cancel).ConfigureAwait(false)
            ? new Caller(row.GetInt64(0) == 0 ? CallerKind.Device : CallerKind.Hub, row.GetString(1))
            : null;
    }

    public async Task<bool> DeviceExistsAsync(string device, CancellationToken cancel)
    {
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        await using var command = Query(connection, "SELECT 1 FROM devices WHERE id = $id", ("$id", device));
        return await command.ExecuteScalarAsync(cancel).ConfigureAwait(false) is not null;
    }

    public async Task<bool> HasHeartbeatAsync(string device, long seq, CancellationToken cancel)
    {
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        await using var command = Query(connection, "SELECT 1 FROM heartbeats WHERE device = $device AND seq = $seq", ("$device", device), ("$seq", seq));
        return await command.ExecuteScalarAsync(cancel).ConfigureAwait(false) is not null;
    }

    public async Task<long> CountHeartbeatsAsync(CancellationToken cancel)
    {
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        await using var command = Query(connection, "SELECT COUNT(*) FROM heartbeats");
        return (long)(await command.ExecuteScalarAsync(cancel).ConfigureAwait(false))!;
    }

    public async Task<JobCursor> ReadCursorAsync(string job, CancellationToken cancel)
    {
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        await using var command = Query(connection, "SELECT received_at, device FROM job_cursors WHERE job = $job", ("$job", job));
        await using var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await row.ReadAsync(cancel).ConfigureAwait(false) ? new JobCursor(row.GetInt64(0), row.GetString(1)) : JobCursor.Start;
    }

    public async Task<IReadOnlyList<ReportedDevice>> DevicesReportedAfterAsync(JobCursor after, int limit, CancellationToken cancel)
    {
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        await using var command = Query(connection, """
            SELECT id, last_heartbeat_at, last_received_at FROM devices
            WHERE (last_received_at, id) > ($at, $device)
            ORDER BY last_received_at, id
            LIMIT $limit
            """, ("$at", after.ReceivedAt), ("$device", after.Device), ("$limit", limit));
        await using var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await ReadReportedDevicesAsync(row, cancel).ConfigureAwait(false);
    }

    public async Task<DeviceSeries?> LoadSeriesAsync(string device, TimeSpan history, int maxPoints, CancellationToken cancel)
    {
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        await using var last = Query(connection, "SELECT last_heartbeat_at FROM devices WHERE id = $id", ("$id", device));
        var latest = await last.ExecuteScalarAsync(cancel).ConfigureAwait(false);
        if (latest is null)
        {
            return null;
        }

        var points = latest is long newest
            ? (await ReadPointsAsync(connection, device, newest - (long)history.TotalMilliseconds, maxPoints, cancel).ConfigureAwait(false)).ConvertAll(p => p.Point)
            : [];
        return new DeviceSeries(device, points, await ReadAttributesAsync(connection, device, cancel).ConfigureAwait(false));
    }

    public async Task<DevicePage> ListDevicesAsync(DeviceQuery query, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.AtRiskOnly ? $"WHERE j.verdict = '{DeviceVerdictNames.Leaking}'" : string.Empty;
        var order = query.Sort switch
        {
            DeviceSort.Device => "d.id",
            DeviceSort.LastHeartbeat => "CASE WHEN d.last_heartbeat_at IS NULL THEN 1 ELSE 0 END, d.last_heartbeat_at DESC, d.id",
            _ => $"""
                CASE j.verdict WHEN '{DeviceVerdictNames.Leaking}' THEN 0 WHEN '{DeviceVerdictNames.Healthy}' THEN 1 WHEN '{DeviceVerdictNames.InsufficientData}' THEN 2 ELSE 3 END,
                CASE WHEN j.exhaustion_at IS NULL THEN 1 ELSE 0 END, j.exhaustion_at, d.id
                """,
        };
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        await using var count = Query(connection, $"SELECT COUNT(*) FROM devices d LEFT JOIN judgements j ON j.device = d.id {filter}");
        var total = (long)(await count.ExecuteScalarAsync(cancel).ConfigureAwait(false))!;
        await using var page = Query(connection, $"""
            SELECT {SummaryColumns} FROM devices d LEFT JOIN judgements j ON j.device = d.id {filter}
            ORDER BY {order} LIMIT $limit OFFSET $offset
            """, ("$limit", query.PageSize), ("$offset", (long)(query.Page - 1) * query.PageSize));
        var summaries = new List<DeviceSummary>();
        await using (var row = await page.ExecuteReaderAsync(cancel).ConfigureAwait(false))
        {
            while (await row.ReadAsync(cancel).ConfigureAwait(false))
            {
                summaries.Add(Summary(row));
            }
        }

        for (var i = 0; i < summaries.Count; i++)
        {
            summaries[i] = summaries[i] with { Attributes = await ReadAttributesAsync(connection, summaries[i].Device, cancel).ConfigureAwait(false) };
        }

        return new DevicePage(total, summaries);
    }

    public async Task<DeviceDetail?> GetDeviceAsync(string device, TimeSpan history, int maxPoints, CancellationToken cancel)
    {
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        await using var one = Query(connection, $"SELECT {SummaryColumns} FROM devices d LEFT JOIN judgements j ON j.device = d.id WHERE d.id = $id", ("$id", device));
        DeviceSummary summary;
        await using (var row = await one.ExecuteReaderAsync(cancel).ConfigureAwait(false))
        {
            if (!await row.ReadAsync(cancel).ConfigureAwait(false))
            {
                return null;
            }

            summary = Summary(row);
        }

        summary = summary with { Attributes = await ReadAttributesAsync(connection, device, cancel).ConfigureAwait(false) };
        var series = summary.LastHeartbeat is { } last
            ? await ReadPointsAsync(connection, device, (last - history).ToUnixTimeMilliseconds(), maxPoints, cancel).ConfigureAwait(false)
            : [];
        var changes = new List<JudgementChange>();
        await using var verdicts = Query(connection, """
            SELECT judged_at, verdict, bytes_per_hour, exhaustion_at FROM judgement_history WHERE device = $id ORDER BY judged_at
            """, ("$id", device));
        await using (var row = await verdicts.ExecuteReaderAsync(cancel).ConfigureAwait(false))
        {
            while (await row.ReadAsync(cancel).ConfigureAwait(false))
            {
                DeviceVerdictNames.TryParse(row.GetString(1), out var verdict);
                changes.Add(new JudgementChange(Time(row, 0)!.Value, verdict, Double(row, 2), Time(row, 3)));
            }
        }

        return new DeviceDetail(summary, series, changes);
    }

    /// <summary>The device's heartbeats at or after <paramref name="since"/> (Unix ms), the most recent <paramref name="maxPoints"/>, in time order.</summary>
    private static async Task<List<StoredPoint>> ReadPointsAsync(SqliteConnection connection, string device, long since, int maxPoints, CancellationToken cancel)
    {
        await using var command = Query(connection, """
            SELECT seq, time, uptime_s, free, min_free, largest_free, heap_size FROM heartbeats
            WHERE device = $id AND time >= $since ORDER BY time DESC, seq DESC LIMIT $limit
            """, ("$id", device), ("$since", since), ("$limit", maxPoints));
        await using var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await StoredRows.ReadPointsAsync(row, cancel).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, string>> ReadAttributesAsync(SqliteConnection connection, string device, CancellationToken cancel)
    {
        await using var command = Query(connection, "SELECT name, value FROM device_attributes WHERE device = $id ORDER BY name", ("$id", device));
        await using var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await StoredRows.ReadAttributesAsync(row, cancel).ConfigureAwait(false);
    }

    private static SqliteCommand Query(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
