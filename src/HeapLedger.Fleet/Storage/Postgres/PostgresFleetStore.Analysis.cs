using HeapLedger.Detection;
using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Pivot;
using static HeapLedger.Fleet.Storage.StoredRows;

namespace HeapLedger.Fleet.Storage.Postgres;

/// <summary>Site ledgers and site verdicts, the pivot's read of the fleet, and alert state (schema 0002): the queries of <c>SqliteFleetStore.Analysis</c>.</summary>
public sealed partial class PostgresFleetStore : IFleetAnalysisStore
{
    private PostgresAlertStateStore? _alertState;

    public IAlertStateStore AlertState => _alertState ??= new PostgresAlertStateStore(this);

    public async Task<DeviceSeries?> LoadSeriesWithSitesAsync(string device, TimeSpan history, int maxPoints, int maxSiteSamples, CancellationToken cancel)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        List<StoredPoint> stored;
        Dictionary<string, string> attributes;
        await using (var batch = Batch(connection,
            ("SELECT 1 FROM devices WHERE id = $1", [device]),
            (PointsOfDevice, [device, (long)history.TotalMilliseconds, maxPoints]),
            ("SELECT name, value FROM device_attributes WHERE device = $1 ORDER BY name", [device])))
        await using (var row = await batch.ExecuteReaderAsync(cancel).ConfigureAwait(false))
        {
            if (!await row.ReadAsync(cancel).ConfigureAwait(false))
            {
                return null;
            }

            await row.NextResultAsync(cancel).ConfigureAwait(false);
            stored = await ReadPointsAsync(row, cancel).ConfigureAwait(false);
            await row.NextResultAsync(cancel).ConfigureAwait(false);
            attributes = await ReadAttributesAsync(row, cancel).ConfigureAwait(false);
        }

        var points = stored.ConvertAll(p => p.Point);
        if (stored.Count == 0 || maxSiteSamples <= 0)
        {
            return new DeviceSeries(device, points, attributes);
        }

        // The newest samples first, so that the limit keeps the end of the ledger, where a leak shows.
        await using var command = Command(connection, """
            SELECT s.seq, s.site, s.live_count, s.live_bytes FROM site_samples s
            JOIN heartbeats h ON h.device = s.device AND h.seq = s.seq
            WHERE s.device = $1 AND h.time >= $2
            ORDER BY h.time DESC, h.seq DESC, s.site LIMIT $3
            """, device, stored[0].Point.Time.ToUnixTimeMilliseconds(), maxSiteSamples);
        await using var samples = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await SiteSampleRows.ReadAsync(samples, stored, new DeviceSeries(device, points, attributes), cancel).ConfigureAwait(false);
    }

    public async Task SaveSiteJudgementsAsync(IReadOnlyList<SiteJudgements> judgements, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        if (judgements.Count == 0)
        {
            return;
        }

        // As in SQLite, a device given twice keeps its last verdicts, and a site given twice its first.
        var latest = judgements.GroupBy(j => j.Device, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(j => j.Device, StringComparer.Ordinal).ToList();
        var rows = latest.SelectMany(j => j.Sites.Select(s => (j.Device, j.JudgedAt, Site: s))).ToList();
        await WriteAsync(async (connection, token) =>
        {
            await using var batch = Batch(connection,
                ("DELETE FROM site_judgements WHERE device = ANY($1)", [latest.Select(j => j.Device).ToArray()]),
                ("""
                    INSERT INTO site_judgements (device, site, verdict, bytes_per_hour, bytes_per_hour_low, bytes_per_hour_high, onset, points, confidence, judged_at)
                    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::int8[], $8::int4[], $9::float8[], $10::int8[])
                    ON CONFLICT (device, site) DO NOTHING
                    """,
                [
                    rows.Select(r => r.Device).ToArray(),
                    rows.Select(r => r.Site.Site).ToArray(),
                    rows.Select(r => DeviceVerdictNames.Name(r.Site.Verdict)).ToArray(),
                    rows.Select(r => PostgresJudgementWriter.Finite(r.Site.BytesPerHour)).ToArray(),
                    rows.Select(r => PostgresJudgementWriter.Finite(r.Site.BytesPerHourLow)).ToArray(),
                    rows.Select(r => PostgresJudgementWriter.Finite(r.Site.BytesPerHourHigh)).ToArray(),
                    rows.Select(r => r.Site.Onset?.ToUnixTimeMilliseconds()).ToArray(),
                    rows.Select(r => r.Site.Points).ToArray(),
                    rows.Select(r => double.IsFinite(r.Site.Confidence) ? r.Site.Confidence : 0).ToArray(),
                    rows.Select(r => r.JudgedAt.ToUnixTimeMilliseconds()).ToArray(),
                ]));
            return await batch.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancel).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SiteForecast>> GetSiteJudgementsAsync(string device, CancellationToken cancel)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            SELECT site, verdict, bytes_per_hour, bytes_per_hour_low, bytes_per_hour_high, onset, points, confidence FROM site_judgements
            WHERE device = $1
            ORDER BY CASE verdict WHEN '{DeviceVerdictNames.Leaking}' THEN 0 WHEN '{DeviceVerdictNames.Healthy}' THEN 1 ELSE 2 END,
                bytes_per_hour DESC NULLS LAST, site
            """, device);
        await using var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await ReadSiteForecastsAsync(row, cancel).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PivotDevice>> ReadPivotDevicesAsync(CancellationToken cancel)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var batch = Batch(connection,
            ("SELECT device, name, value FROM device_attributes", []),
            ("SELECT device, site, verdict FROM site_judgements ORDER BY device, site", []),
            ("SELECT d.id, j.verdict FROM devices d LEFT JOIN judgements j ON j.device = d.id ORDER BY d.id", []));
        await using var row = await batch.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        var attributes = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        while (await row.ReadAsync(cancel).ConfigureAwait(false))
        {
            var device = row.GetString(0);
            if (!attributes.TryGetValue(device, out var values))
            {
                values = new Dictionary<string, string>(StringComparer.Ordinal);
                attributes.Add(device, values);
            }

            values[row.GetString(1)] = row.GetString(2);
        }

        // Every device with site verdicts gets a list, empty when none of its sites leaks.
        await row.NextResultAsync(cancel).ConfigureAwait(false);
        var leakingSites = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (await row.ReadAsync(cancel).ConfigureAwait(false))
        {
            var device = row.GetString(0);
            if (!leakingSites.TryGetValue(device, out var sites))
            {
                sites = [];
                leakingSites.Add(device, sites);
            }

            if (row.GetString(2) == DeviceVerdictNames.Leaking)
            {
                sites.Add(row.GetString(1));
            }
        }

        await row.NextResultAsync(cancel).ConfigureAwait(false);
        var devices = new List<PivotDevice>();
        while (await row.ReadAsync(cancel).ConfigureAwait(false))
        {
            var device = row.GetString(0);
            var verdict = DeviceVerdict.InsufficientData;
            if (!row.IsDBNull(1))
            {
                DeviceVerdictNames.TryParse(row.GetString(1), out verdict);
            }

            devices.Add(new PivotDevice(device, verdict,
                attributes.TryGetValue(device, out var values) ? values : new Dictionary<string, string>(StringComparer.Ordinal),
                leakingSites.GetValueOrDefault(device)));
        }

        return devices;
    }
}
