using HeapLedger.Fleet.Storage;

namespace HeapLedger.Server.Api;

/// <summary>
/// <c>GET /api/v1/runway</c>: the leaking devices counted by their runway, the days from their
/// latest heartbeat to the forecast exhaustion. <c>toDays</c> is null for the last bucket; a
/// leaking device without a forecast (too slow to run out within the detector's horizon) is
/// counted in <c>noForecast</c>.
/// </summary>
public sealed record RunwayReply(int SchemaVersion, long AtRisk, int NoForecast, IReadOnlyList<RunwayBucket> Buckets)
{
    public const int Version = 1;

    private static readonly double[] Edges = [0, 7, 14, 30, 60, 90, 180, 365];

    /// <summary>Reads the leaking devices a page at a time (never the whole fleet at once) and counts them.</summary>
    public static async Task<RunwayReply> ReadAsync(IFleetStore store, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(store);
        var counts = new int[Edges.Length];
        var noForecast = 0;
        long total = 0;
        for (var page = 1; ; page++)
        {
            var found = await store.ListDevicesAsync(new DeviceQuery(true, DeviceSort.Urgency, page, DeviceQuery.MaxPageSize), cancel).ConfigureAwait(false);
            total = found.Total;
            foreach (var device in found.Devices)
            {
                if (RunwayDays(device) is not { } days)
                {
                    noForecast++;
                    continue;
                }

                var bucket = Array.FindLastIndex(Edges, edge => days >= edge);
                counts[Math.Max(bucket, 0)]++;
            }

            if (found.Devices.Count < DeviceQuery.MaxPageSize)
            {
                break;
            }
        }

        return new RunwayReply(Version, total, noForecast,
            [.. Edges.Select((from, i) => new RunwayBucket(from, i + 1 < Edges.Length ? Edges[i + 1] : null, counts[i]))]);
    }

    private static double? RunwayDays(DeviceSummary device) =>
        device.Judgement?.Forecast.ExhaustionAt is { } at && device.LastHeartbeat is { } last ? (at - last).TotalDays : null;
}
