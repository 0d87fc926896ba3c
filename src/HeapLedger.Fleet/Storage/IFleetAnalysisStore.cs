using HeapLedger.Detection;
using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Pivot;

namespace HeapLedger.Fleet.Storage;

/// <summary>
/// What the fleet service keeps beside <see cref="IFleetStore"/> for sites, the pivot and alerts
/// (schema 0002: <c>site_judgements</c>, <c>alert_state</c>, <c>alert_pending</c>). A store
/// without it still ingests and judges devices; the job then judges no sites, alert state lives
/// in memory, and the pivot is unavailable. Safe to call from many threads at once.
/// </summary>
public interface IFleetAnalysisStore
{
    /// <summary>
    /// As <see cref="IFleetStore.LoadSeriesAsync"/>, with the site ledgers of the points loaded:
    /// at most the <paramref name="maxSiteSamples"/> most recent samples (a site sample is one
    /// site in one heartbeat), so a device with a thousand sites cannot take the job's memory.
    /// <see cref="DeviceSeries.Sites"/> is empty when the heartbeats carried no ledger.
    /// </summary>
    Task<DeviceSeries?> LoadSeriesWithSitesAsync(string device, TimeSpan history, int maxPoints, int maxSiteSamples, CancellationToken cancel);

    /// <summary>Replaces each device's site verdicts with the ones given (none: the device has no ledger now), in one transaction.</summary>
    Task SaveSiteJudgementsAsync(IReadOnlyList<SiteJudgements> judgements, CancellationToken cancel);

    /// <summary>A device's site verdicts, leaking first (fastest first), then healthy, then those without enough data.</summary>
    Task<IReadOnlyList<SiteForecast>> GetSiteJudgementsAsync(string device, CancellationToken cancel);

    /// <summary>
    /// Every device as the pivot sees it: its current verdict (insufficient data before its first
    /// judgement), its latest attributes, and its leaking sites (null when it has no site verdicts).
    /// </summary>
    Task<IReadOnlyList<PivotDevice>> ReadPivotDevicesAsync(CancellationToken cancel);

    /// <summary>Alert state and pending notifications in this store (docs/pivot-and-alerts.md, "What the store keeps").</summary>
    IAlertStateStore AlertState { get; }
}
