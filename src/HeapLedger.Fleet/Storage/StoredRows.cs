using System.Data.Common;
using System.Globalization;
using HeapLedger.Detection;
using HeapLedger.Fleet.Alerts;

namespace HeapLedger.Fleet.Storage;

/// <summary>
/// Reading rows back, the same in every store: times are Unix milliseconds, nullable columns come
/// back as null, and a device summary row has the columns of the stores' <c>SummaryColumns</c>.
/// </summary>
internal static class StoredRows
{
    public static DateTimeOffset? Time(DbDataReader row, int column) =>
        row.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(column));

    public static double? Double(DbDataReader row, int column) => row.IsDBNull(column) ? null : row.GetDouble(column);

    public static long? Long(DbDataReader row, int column) => row.IsDBNull(column) ? null : row.GetInt64(column);

    /// <summary>Every (name, value) row the reader has left, as a device's attributes.</summary>
    public static async Task<Dictionary<string, string>> ReadAttributesAsync(DbDataReader row, CancellationToken cancel)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await row.ReadAsync(cancel).ConfigureAwait(false))
        {
            attributes[row.GetString(0)] = row.GetString(1);
        }

        return attributes;
    }

    /// <summary>A row of the stores' <c>SummaryColumns</c>; attributes are filled in by the caller.</summary>
    public static DeviceSummary Summary(DbDataReader row)
    {
        var device = row.GetString(0);
        StoredJudgement? judgement = null;
        if (!row.IsDBNull(2))
        {
            DeviceVerdictNames.TryParse(row.GetString(2), out var verdict);
            var points = Convert.ToInt32(row.GetValue(10), CultureInfo.InvariantCulture);
            var forecast = new DeviceForecast(device, verdict, Double(row, 3), Double(row, 4), Double(row, 5), Time(row, 6), Time(row, 7), Time(row, 8),
                Time(row, 9), points, row.IsDBNull(11) ? null : row.GetString(11), row.GetDouble(12));
            judgement = new StoredJudgement(forecast, Time(row, 13)!.Value, Time(row, 14));
        }

        return new DeviceSummary(device, Time(row, 1), judgement, new Dictionary<string, string>());
    }

    /// <summary>Every row the reader has left of <c>site, verdict, bytes_per_hour, _low, _high, onset, points, confidence</c>.</summary>
    public static async Task<List<SiteForecast>> ReadSiteForecastsAsync(DbDataReader row, CancellationToken cancel)
    {
        var sites = new List<SiteForecast>();
        while (await row.ReadAsync(cancel).ConfigureAwait(false))
        {
            DeviceVerdictNames.TryParse(row.GetString(1), out var verdict);
            var points = Convert.ToInt32(row.GetValue(6), CultureInfo.InvariantCulture);
            sites.Add(new SiteForecast(row.GetString(0), verdict, Double(row, 2), Double(row, 3), Double(row, 4), Time(row, 5), points, row.GetDouble(7)));
        }

        return sites;
    }

    /// <summary>The columns of <c>alert_pending</c> that <see cref="Pending"/> reads, in its order.</summary>
    public const string PendingColumns = "id, rule, webhook, device, sequence, state, reason, at, first_flagged_at, snapshot";

    public static string StateText(AlertTransition state) => state == AlertTransition.Firing ? "firing" : "resolved";

    public static string ReasonText(AlertReason reason) => reason switch { AlertReason.Matched => "matched", AlertReason.Recovered => "recovered", _ => "fixed" };

    /// <summary>A row of <see cref="PendingColumns"/>; the id's column type is the store's, so it is read by the caller.</summary>
    public static AlertNotification Pending(DbDataReader row, Guid id) => new(
        id,
        row.GetString(1),
        new Uri(row.GetString(2)),
        row.GetString(3),
        row.GetInt64(4),
        row.GetString(5) == "firing" ? AlertTransition.Firing : AlertTransition.Resolved,
        row.GetString(6) switch { "matched" => AlertReason.Matched, "recovered" => AlertReason.Recovered, _ => AlertReason.Fixed },
        Time(row, 7)!.Value,
        Time(row, 8)!.Value,
        AlertSnapshotJson.Read(row.GetString(9)));

    /// <summary>Rows of (seq, time, uptime_s, free, min_free, largest_free, heap_size), newest first, as points in time order.</summary>
    public static async Task<List<StoredPoint>> ReadPointsAsync(DbDataReader row, CancellationToken cancel)
    {
        var points = new List<StoredPoint>();
        while (await row.ReadAsync(cancel).ConfigureAwait(false))
        {
            points.Add(new StoredPoint(row.GetInt64(0), new HeapPoint(
                DateTimeOffset.FromUnixTimeMilliseconds(row.GetInt64(1)), Double(row, 2), row.GetInt64(3), Long(row, 4), Long(row, 5), row.GetInt64(6))));
        }

        points.Reverse();
        return points;
    }

    /// <summary>Rows of (id, last_heartbeat_at, the store's cursor position) as the devices that reported.</summary>
    public static async Task<List<ReportedDevice>> ReadReportedDevicesAsync(DbDataReader row, CancellationToken cancel)
    {
        var devices = new List<ReportedDevice>();
        while (await row.ReadAsync(cancel).ConfigureAwait(false))
        {
            var id = row.GetString(0);
            devices.Add(new ReportedDevice(id, Time(row, 1), new JobCursor(row.GetInt64(2), id)));
        }

        return devices;
    }
}
