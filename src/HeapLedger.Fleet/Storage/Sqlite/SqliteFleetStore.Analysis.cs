using HeapLedger.Detection;
using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Pivot;
using static HeapLedger.Fleet.Storage.StoredRows;

namespace HeapLedger.Fleet.Storage.Sqlite;

/// <summary>Site ledgers and site verdicts, the pivot's read of the fleet, and alert state (schema 0002).</summary>
public sealed partial class SqliteFleetStore : IFleetAnalysisStore
{
    private SqliteAlertStateStore? _alertState;

    public IAlertStateStore AlertState => _alertState ??= new SqliteAlertStateStore(this);

    public async Task<DeviceSeries?> LoadSeriesWithSitesAsync(string device, TimeSpan history, int maxPoints, int maxSiteSamples, CancellationToken cancel)
    {
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        await using var last = Query(connection, "SELECT last_heartbeat_at FROM devices WHERE id = $id", ("$id", device));
        var latest = await last.ExecuteScalarAsync(cancel).ConfigureAwait(false);
        if (latest is null)
        {
            return null;
        }

        var stored = latest is long newest
            ? await ReadPointsAsync(connection, device, newest - (long)history.TotalMilliseconds, maxPoints, cancel).ConfigureAwait(false)
            : [];
        var attributes = await ReadAttributesAsync(connection, device, cancel).ConfigureAwait(false);
        var points = stored.ConvertAll(p => p.Point);
        if (stored.Count == 0 || maxSiteSamples <= 0)
        {
            return new DeviceSeries(device, points, attributes);
        }

        // The newest samples first, so that the limit keeps the end of the ledger, where a leak shows.
        await using var command = Query(connection, """
            SELECT s.seq, s.site, s.live_count, s.live_bytes FROM site_samples s
            JOIN heartbeats h ON h.device = s.device AND h.seq = s.seq
            WHERE s.device = $id AND h.time >= $since
            ORDER BY h.time DESC, h.seq DESC, s.site LIMIT $limit
            """, ("$id", device), ("$since", stored[0].Point.Time.ToUnixTimeMilliseconds()), ("$limit", maxSiteSamples));
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

        await WriteAsync(transaction =>
        {
            using var delete = Command(transaction, "DELETE FROM site_judgements WHERE device = $device", "$device");
            using var insert = Command(transaction, """
                INSERT INTO site_judgements (device, site, verdict, bytes_per_hour, bytes_per_hour_low, bytes_per_hour_high, onset, points, confidence, judged_at)
                VALUES ($device, $site, $verdict, $rate, $rate_low, $rate_high, $onset, $points, $confidence, $judged_at)
                ON CONFLICT (device, site) DO NOTHING
                """, "$device", "$site", "$verdict", "$rate", "$rate_low", "$rate_high", "$onset", "$points", "$confidence", "$judged_at");
            foreach (var device in judgements)
            {
                delete.Parameters[0].Value = device.Device;
                delete.ExecuteNonQuery();
                foreach (var site in device.Sites)
                {
                    var p = insert.Parameters;
                    p[0].Value = device.Device;
                    p[1].Value = site.Site;
                    p[2].Value = DeviceVerdictNames.Name(site.Verdict);
                    p[3].Value = Db(site.BytesPerHour);
                    p[4].Value = Db(site.BytesPerHourLow);
                    p[5].Value = Db(site.BytesPerHourHigh);
                    p[6].Value = Db(site.Onset);
                    p[7].Value = site.Points;
                    p[8].Value = double.IsFinite(site.Confidence) ? site.Confidence : 0;
                    p[9].Value = device.JudgedAt.ToUnixTimeMilliseconds();
                    insert.ExecuteNonQuery();
                }
            }

            return 0;
        }, cancel).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SiteForecast>> GetSiteJudgementsAsync(string device, CancellationToken cancel)
    {
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        await using var command = Query(connection, $"""
            SELECT site, verdict, bytes_per_hour, bytes_per_hour_low, bytes_per_hour_high, onset, points, confidence FROM site_judgements
            WHERE device = $id
            ORDER BY CASE verdict WHEN '{DeviceVerdictNames.Leaking}' THEN 0 WHEN '{DeviceVerdictNames.Healthy}' THEN 1 ELSE 2 END,
                CASE WHEN bytes_per_hour IS NULL THEN 1 ELSE 0 END, bytes_per_hour DESC, site
            """, ("$id", device));
        await using var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        return await ReadSiteForecastsAsync(row, cancel).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PivotDevice>> ReadPivotDevicesAsync(CancellationToken cancel)
    {
        await using var connection = await OpenReaderAsync(cancel).ConfigureAwait(false);
        var attributes = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        await using (var command = Query(connection, "SELECT device, name, value FROM device_attributes"))
        await using (var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false))
        {
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
        }

        // Every device with site verdicts gets a list, empty when none of its sites leaks.
        var leakingSites = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var command = Query(connection, "SELECT device, site, verdict FROM site_judgements ORDER BY device, site"))
        await using (var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false))
        {
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
        }

        var devices = new List<PivotDevice>();
        await using (var command = Query(connection, "SELECT d.id, j.verdict FROM devices d LEFT JOIN judgements j ON j.device = d.id ORDER BY d.id"))
        await using (var row = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false))
        {
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
        }

        return devices;
    }
}
