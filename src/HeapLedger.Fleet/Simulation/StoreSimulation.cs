using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Fleet.Simulation;

/// <summary>Writes a <see cref="SimulatedFleet"/> straight into a store, as the ingest would: the devices registered, the heartbeats appended in time order.</summary>
public static class StoreSimulation
{
    /// <summary>
    /// Registers the fleet's devices that the store does not know yet. Each gets a fresh token
    /// that is thrown away: a simulated device posts through a hub, or not at all.
    /// </summary>
    public static async Task<int> RegisterDevicesAsync(IFleetStore store, SimulatedFleet fleet, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fleet);
        var missing = new List<DeviceRegistration>();
        foreach (var device in fleet.Devices)
        {
            if (!await store.DeviceExistsAsync(device.Series.Device, cancel).ConfigureAwait(false))
            {
                missing.Add(new DeviceRegistration(device.Series.Device, Tokens.Hash(Tokens.New())));
            }
        }

        if (missing.Count > 0)
        {
            await store.AddDevicesAsync(missing, cancel).ConfigureAwait(false);
        }

        return missing.Count;
    }

    /// <summary>
    /// Appends every heartbeat in batches of <paramref name="batchSize"/>, as many at once as the
    /// store commits in parallel; returns how many were stored now (a heartbeat already stored,
    /// by an earlier run with the same seed, is not counted). <paramref name="progress"/> gets
    /// the heartbeats written so far after each batch.
    /// </summary>
    public static async Task<long> AppendAsync(IFleetStore store, SimulatedFleet fleet, int batchSize, IProgress<long>? progress, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        long written = 0, stored = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, store.ConcurrentAppends), CancellationToken = cancel };
        await Parallel.ForEachAsync(fleet.InTimeOrder().Chunk(batchSize), parallel, async (batch, token) =>
        {
            var results = await store.AppendAsync(batch, token).ConfigureAwait(false);
            Interlocked.Add(ref stored, results.Count(static r => r));
            progress?.Report(Interlocked.Add(ref written, batch.Length));
        }).ConfigureAwait(false);
        return stored;
    }
}
