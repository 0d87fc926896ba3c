using HeapLedger.Detection;
using HeapLedger.Fleet.Identity;

namespace HeapLedger.Fleet.Storage;

/// <summary>
/// Everything the fleet service keeps: devices and hubs with their token hashes, heartbeats with
/// their site ledgers and attributes, the detection job's judgements and cursor. The schema is the
/// same in every implementation (docs/fleet-service.md, "Schema"; the SQLite scripts are in
/// Storage/Schema/Sqlite). Implementations are safe to call from many threads at once.
/// </summary>
public interface IFleetStore : IAsyncDisposable
{
    /// <summary>Where the store is, for logs (no password).</summary>
    StoreLocation Location { get; }

    /// <summary>The schema version the store is at (the newest migration applied).</summary>
    int SchemaVersion { get; }

    /// <summary>
    /// How many appends may usefully run at once: one for a store with a single writer (SQLite),
    /// more for a server that commits concurrent transactions in parallel (PostgreSQL).
    /// </summary>
    int ConcurrentAppends => 1;

    /// <summary>Adds devices in one transaction: all or none. Throws <see cref="DuplicateNameException"/> naming an id already present (or given twice).</summary>
    Task AddDevicesAsync(IReadOnlyList<DeviceRegistration> devices, CancellationToken cancel);

    /// <summary>Adds a hub. Throws <see cref="DuplicateNameException"/> when the name is taken.</summary>
    Task AddHubAsync(string name, string tokenHash, CancellationToken cancel);

    /// <summary>The device or hub whose token hashes to <paramref name="tokenHash"/>, or null.</summary>
    Task<Caller?> FindCallerAsync(string tokenHash, CancellationToken cancel);

    Task<bool> DeviceExistsAsync(string device, CancellationToken cancel);

    /// <summary>
    /// Stores heartbeats in one transaction and returns after it commits durably: per heartbeat,
    /// true when it was stored now, false when (device, seq) was already stored (by an earlier call
    /// or earlier in this list), which is not an error. Stores each heartbeat's sites and
    /// attributes, the device's latest attributes (by heartbeat time), and stamps each device that
    /// got a new heartbeat with a receive time that increases with commit order, which
    /// <see cref="DevicesReportedAfterAsync"/> reads. Devices must exist (the ingest checks).
    /// </summary>
    Task<IReadOnlyList<bool>> AppendAsync(IReadOnlyList<Heartbeat> heartbeats, CancellationToken cancel);

    /// <summary>Devices that stored heartbeats after <paramref name="after"/>, in cursor order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ReportedDevice>> DevicesReportedAfterAsync(JobCursor after, int limit, CancellationToken cancel);

    Task<JobCursor> ReadCursorAsync(string job, CancellationToken cancel);

    Task WriteCursorAsync(string job, JobCursor cursor, CancellationToken cancel);

    /// <summary>
    /// A device's heartbeats from <paramref name="history"/> before its latest one to the latest,
    /// in time order, at most the <paramref name="maxPoints"/> most recent, with its latest
    /// attributes; null for an unknown device. Site ledgers are not loaded.
    /// </summary>
    Task<DeviceSeries?> LoadSeriesAsync(string device, TimeSpan history, int maxPoints, CancellationToken cancel);

    /// <summary>
    /// Stores judgements in one transaction: each replaces its device's current one, keeps (or
    /// sets, or clears) the first-flagged time, and adds a history row when the verdict changed.
    /// </summary>
    Task SaveJudgementsAsync(IReadOnlyList<Judgement> judgements, CancellationToken cancel);

    /// <summary>Deletes heartbeats (and their sites) whose time is before <paramref name="cutoff"/>; returns how many heartbeats went.</summary>
    Task<long> DeleteHeartbeatsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancel);

    Task<DevicePage> ListDevicesAsync(DeviceQuery query, CancellationToken cancel);

    /// <summary>One device with its heartbeats from <paramref name="history"/> before its latest one (at most the <paramref name="maxPoints"/> most recent) and its verdict history; null for an unknown device.</summary>
    Task<DeviceDetail?> GetDeviceAsync(string device, TimeSpan history, int maxPoints, CancellationToken cancel);

    /// <summary>Whether the heartbeat (<paramref name="device"/>, <paramref name="seq"/>) is stored: one index lookup.</summary>
    Task<bool> HasHeartbeatAsync(string device, long seq, CancellationToken cancel);

    /// <summary>Heartbeats stored in all, for health checks and tests.</summary>
    Task<long> CountHeartbeatsAsync(CancellationToken cancel);
}
