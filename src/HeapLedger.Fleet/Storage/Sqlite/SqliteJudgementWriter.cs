using HeapLedger.Detection;
using Microsoft.Data.Sqlite;

namespace HeapLedger.Fleet.Storage.Sqlite;

/// <summary>
/// Writes judgements: the current one per device, its first-flagged time (kept while the device
/// stays leaking, set when it starts, cleared when it stops), and a history row per change of verdict.
/// </summary>
internal static class SqliteJudgementWriter
{
    public static int Save(SqliteTransaction transaction, IReadOnlyList<Judgement> judgements)
    {
        using var previous = SqliteFleetStore.Command(transaction, "SELECT verdict, first_flagged_at FROM judgements WHERE device = $device", "$device");
        using var upsert = SqliteFleetStore.Command(transaction, """
            INSERT INTO judgements (device, verdict, bytes_per_hour, bytes_per_hour_low, bytes_per_hour_high, onset,
                exhaustion_at, exhaustion_low, exhaustion_high, points, limit_kind, confidence, judged_at, first_flagged_at)
            VALUES ($device, $verdict, $rate, $rate_low, $rate_high, $onset, $at, $at_low, $at_high, $points, $limit, $confidence, $judged_at, $first)
            ON CONFLICT (device) DO UPDATE SET verdict = excluded.verdict, bytes_per_hour = excluded.bytes_per_hour,
                bytes_per_hour_low = excluded.bytes_per_hour_low, bytes_per_hour_high = excluded.bytes_per_hour_high,
                onset = excluded.onset, exhaustion_at = excluded.exhaustion_at, exhaustion_low = excluded.exhaustion_low,
                exhaustion_high = excluded.exhaustion_high, points = excluded.points, limit_kind = excluded.limit_kind,
                confidence = excluded.confidence, judged_at = excluded.judged_at, first_flagged_at = excluded.first_flagged_at
            """, "$device", "$verdict", "$rate", "$rate_low", "$rate_high", "$onset", "$at", "$at_low", "$at_high", "$points", "$limit", "$confidence", "$judged_at", "$first");
        using var history = SqliteFleetStore.Command(transaction, """
            INSERT INTO judgement_history (device, judged_at, verdict, bytes_per_hour, exhaustion_at) VALUES ($device, $judged_at, $verdict, $rate, $at)
            ON CONFLICT (device, judged_at) DO NOTHING
            """, "$device", "$judged_at", "$verdict", "$rate", "$at");
        foreach (var judgement in judgements)
        {
            var f = judgement.Forecast;
            var verdict = DeviceVerdictNames.Name(f.Verdict);
            previous.Parameters[0].Value = f.Device;
            string? before = null;
            long? firstFlagged = null;
            using (var row = previous.ExecuteReader())
            {
                if (row.Read())
                {
                    before = row.GetString(0);
                    firstFlagged = row.IsDBNull(1) ? null : row.GetInt64(1);
                }
            }

            var judgedAt = judgement.JudgedAt.ToUnixTimeMilliseconds();
            var leaking = f.Verdict == DeviceVerdict.Leaking;
            firstFlagged = !leaking ? null : before == DeviceVerdictNames.Leaking && firstFlagged is not null ? firstFlagged : judgedAt;

            var p = upsert.Parameters;
            p[0].Value = f.Device;
            p[1].Value = verdict;
            p[2].Value = SqliteFleetStore.Db(f.BytesPerHour);
            p[3].Value = SqliteFleetStore.Db(f.BytesPerHourLow);
            p[4].Value = SqliteFleetStore.Db(f.BytesPerHourHigh);
            p[5].Value = SqliteFleetStore.Db(f.Onset);
            p[6].Value = SqliteFleetStore.Db(f.ExhaustionAt);
            p[7].Value = SqliteFleetStore.Db(f.ExhaustionLow);
            p[8].Value = SqliteFleetStore.Db(f.ExhaustionHigh);
            p[9].Value = f.Points;
            p[10].Value = SqliteFleetStore.Db(f.Limit);
            p[11].Value = double.IsFinite(f.Confidence) ? f.Confidence : 0;
            p[12].Value = judgedAt;
            p[13].Value = SqliteFleetStore.Db(firstFlagged);
            upsert.ExecuteNonQuery();

            if (before != verdict)
            {
                history.Parameters[0].Value = f.Device;
                history.Parameters[1].Value = judgedAt;
                history.Parameters[2].Value = verdict;
                history.Parameters[3].Value = SqliteFleetStore.Db(f.BytesPerHour);
                history.Parameters[4].Value = SqliteFleetStore.Db(f.ExhaustionAt);
                history.ExecuteNonQuery();
            }
        }

        return judgements.Count;
    }
}
