using HeapLedger.Fleet.Storage;

namespace HeapLedger.Server.Api;

/// <summary>
/// <c>GET /api/v1/devices/{id}</c>: the device as the list shows it, its recent heartbeats in time
/// order, its verdict changes, and its ledger's sites as last judged, leaking first (empty when
/// its heartbeats carry no ledger).
/// </summary>
public sealed record DeviceDetailReply(DeviceReply Summary, IReadOnlyList<PointReply> Series, IReadOnlyList<VerdictChangeReply> History, IReadOnlyList<SiteReply> Sites)
{
    /// <summary>The most heartbeats a detail carries.</summary>
    public const int MaxPoints = 10_000;

    /// <summary>The device with its heartbeats from <paramref name="history"/> before its latest one; null for an unknown device.</summary>
    public static async Task<DeviceDetailReply?> ReadAsync(IFleetStore store, string id, TimeSpan history, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(store);
        var detail = await store.GetDeviceAsync(id, history, MaxPoints, cancel).ConfigureAwait(false);
        if (detail is null)
        {
            return null;
        }

        var sites = store is IFleetAnalysisStore analysis ? await analysis.GetSiteJudgementsAsync(id, cancel).ConfigureAwait(false) : [];
        var forecast = detail.Summary.Judgement?.Forecast;
        return new DeviceDetailReply(DeviceReply.From(detail.Summary), [.. detail.Series.Select(PointReply.From)],
            [.. detail.History.Select(VerdictChangeReply.From)], [.. sites.Select(s => SiteReply.From(s, forecast))]);
    }
}
