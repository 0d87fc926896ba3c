using HeapLedger.Detection;
using Npgsql;

namespace HeapLedger.Fleet.Storage.Postgres;

/// <summary>
/// Writes a page of judgements in two statements over the same arrays, the rules of
/// <c>SqliteJudgementWriter</c> in SQL: first a history row for each device whose verdict differs
/// from its stored one, then the upsert of the current judgement, which keeps
/// <c>first_flagged_at</c> while the device stays leaking, sets it when it starts and clears it when it stops.
/// </summary>
internal static class PostgresJudgementWriter
{
    private const string Input = """
        unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::int8[], $7::int8[], $8::int8[], $9::int8[],
               $10::int4[], $11::text[], $12::float8[], $13::int8[])
            AS i(device, verdict, bytes_per_hour, bytes_per_hour_low, bytes_per_hour_high, onset, exhaustion_at, exhaustion_low, exhaustion_high,
                 points, limit_kind, confidence, judged_at)
        """;

    private static readonly string History = $"""
        INSERT INTO judgement_history (device, judged_at, verdict, bytes_per_hour, exhaustion_at)
        SELECT i.device, i.judged_at, i.verdict, i.bytes_per_hour, i.exhaustion_at
        FROM {Input} LEFT JOIN judgements j ON j.device = i.device
        WHERE j.verdict IS DISTINCT FROM i.verdict
        ORDER BY i.device
        ON CONFLICT (device, judged_at) DO NOTHING
        """;

    private static readonly string Upsert = $"""
        INSERT INTO judgements AS j (device, verdict, bytes_per_hour, bytes_per_hour_low, bytes_per_hour_high, onset,
            exhaustion_at, exhaustion_low, exhaustion_high, points, limit_kind, confidence, judged_at, first_flagged_at)
        SELECT i.*, CASE WHEN i.verdict = '{DeviceVerdictNames.Leaking}' THEN i.judged_at END
        FROM {Input}
        ORDER BY i.device
        ON CONFLICT (device) DO UPDATE SET verdict = excluded.verdict, bytes_per_hour = excluded.bytes_per_hour,
            bytes_per_hour_low = excluded.bytes_per_hour_low, bytes_per_hour_high = excluded.bytes_per_hour_high,
            onset = excluded.onset, exhaustion_at = excluded.exhaustion_at, exhaustion_low = excluded.exhaustion_low,
            exhaustion_high = excluded.exhaustion_high, points = excluded.points, limit_kind = excluded.limit_kind,
            confidence = excluded.confidence, judged_at = excluded.judged_at,
            first_flagged_at = CASE
                WHEN excluded.verdict <> '{DeviceVerdictNames.Leaking}' THEN NULL
                WHEN j.verdict = '{DeviceVerdictNames.Leaking}' AND j.first_flagged_at IS NOT NULL THEN j.first_flagged_at
                ELSE excluded.judged_at END
        """;

    public static async Task<int> SaveAsync(NpgsqlConnection connection, IReadOnlyList<Judgement> judgements, CancellationToken cancel)
    {
        // One row per device (the last one given), since an upsert may touch a row only once per statement.
        var latest = judgements.GroupBy(j => j.Forecast.Device, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var forecasts = latest.ConvertAll(j => j.Forecast);
        object[] columns =
        [
            forecasts.Select(f => f.Device).ToArray(),
            forecasts.Select(f => DeviceVerdictNames.Name(f.Verdict)).ToArray(),
            forecasts.Select(f => Finite(f.BytesPerHour)).ToArray(),
            forecasts.Select(f => Finite(f.BytesPerHourLow)).ToArray(),
            forecasts.Select(f => Finite(f.BytesPerHourHigh)).ToArray(),
            forecasts.Select(f => Millis(f.Onset)).ToArray(),
            forecasts.Select(f => Millis(f.ExhaustionAt)).ToArray(),
            forecasts.Select(f => Millis(f.ExhaustionLow)).ToArray(),
            forecasts.Select(f => Millis(f.ExhaustionHigh)).ToArray(),
            forecasts.Select(f => f.Points).ToArray(),
            forecasts.Select(f => f.Limit).ToArray(),
            forecasts.Select(f => double.IsFinite(f.Confidence) ? f.Confidence : 0).ToArray(),
            latest.Select(j => j.JudgedAt.ToUnixTimeMilliseconds()).ToArray(),
        ];
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { Command(History, columns), Command(Upsert, columns) } };
        await batch.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
        return latest.Count;
    }

    private static NpgsqlBatchCommand Command(string sql, object[] columns)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var column in columns)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = column });
        }

        return command;
    }

    internal static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static long? Millis(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
}
