using System.Data.Common;
using HeapLedger.Detection;
using HeapLedger.Detection.Series;

namespace HeapLedger.Fleet.Storage;

/// <summary>
/// The one way both stores turn site-sample rows into a device's site series: rows come newest
/// first as (seq, site, live_count, live_bytes), so that a LIMIT keeps the end of the ledger; those
/// of heartbeats outside the loaded points are dropped, and the rest are added oldest first.
/// </summary>
internal static class SiteSampleRows
{
    /// <summary>The site series of <paramref name="series"/>, whose points are <paramref name="stored"/>'s, in that order.</summary>
    public static async Task<DeviceSeries> ReadAsync(DbDataReader row, IReadOnlyList<StoredPoint> stored, DeviceSeries series, CancellationToken cancel)
    {
        var pointOfSeq = new Dictionary<long, int>(stored.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            pointOfSeq[stored[i].Seq] = i;
        }

        var rows = new List<(int Point, string Site, long Count, long Bytes)>();
        while (await row.ReadAsync(cancel).ConfigureAwait(false))
        {
            if (pointOfSeq.TryGetValue(row.GetInt64(0), out var point))
            {
                rows.Add((point, row.GetString(1), row.GetInt64(2), row.GetInt64(3)));
            }
        }

        var sites = new SiteSeriesBuilder();
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            var (point, site, count, bytes) = rows[i];
            sites.Add(site, new SiteSample(point, count, bytes));
        }

        return series with { Sites = sites.Build() };
    }
}
