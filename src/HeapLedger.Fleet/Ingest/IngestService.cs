using System.Collections.Concurrent;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Fleet.Ingest;

/// <summary>
/// The one way heartbeats get in, whatever carried them (HTTP now, MQTT later): the parser's
/// items are checked against the caller (a device token posts only its own heartbeats, a hub
/// only for registered devices), the good ones stored through group commit, and every item
/// gets its outcome. Nothing is acknowledged before it is durable.
/// </summary>
public sealed class IngestService : IAsyncDisposable
{
    public const int DefaultMaxHeartbeatsPerCommit = 5000;

    private const int MaxKnownDevices = 1_000_000;

    private readonly IFleetStore _store;
    private readonly GroupCommitter _committer;
    private readonly ConcurrentDictionary<string, byte> _knownDevices = new(StringComparer.Ordinal);

    public IngestService(IFleetStore store, int maxHeartbeatsPerCommit = DefaultMaxHeartbeatsPerCommit)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeartbeatsPerCommit, 1);
        _store = store;
        _committer = new GroupCommitter(store, maxHeartbeatsPerCommit);
    }

    /// <summary>
    /// Stores what may be stored of <paramref name="items"/> and says, per item, what became of
    /// it. Throws when the store fails; then nothing of this call is acknowledged (some of it may
    /// be stored, and a retry of it is answered "duplicate").
    /// </summary>
    public async Task<IngestReply> IngestAsync(Caller caller, IReadOnlyList<ParsedItem> items, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(items);
        var results = new ItemResult[items.Count];
        var toStore = new List<Heartbeat>(items.Count);
        var positions = new List<int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Heartbeat is not { } beat)
            {
                results[i] = new ItemResult(item.Index, item.Line, null, null, ItemStatus.Rejected, ItemErrors.Invalid, item.Reason);
                continue;
            }

            if (beat.Device.Length == 0)
            {
                if (caller.Kind == CallerKind.Hub)
                {
                    results[i] = new ItemResult(item.Index, item.Line, null, beat.Seq, ItemStatus.Rejected, ItemErrors.Invalid, "missing \"device\" (a hub's heartbeats must each name their device)");
                    continue;
                }

                beat = beat with { Device = caller.Name };
            }

            if (!caller.MayPostFor(beat.Device))
            {
                results[i] = new ItemResult(item.Index, item.Line, beat.Device, beat.Seq, ItemStatus.Rejected, ItemErrors.Forbidden,
                    $"forbidden: the token of device \"{caller.Name}\" may post only that device's heartbeats");
                continue;
            }

            if (!await IsRegisteredAsync(beat.Device, cancel).ConfigureAwait(false))
            {
                results[i] = new ItemResult(item.Index, item.Line, beat.Device, beat.Seq, ItemStatus.Rejected, ItemErrors.UnknownDevice,
                    $"unknown device \"{beat.Device}\": register it first (heapledger devices add {beat.Device})");
                continue;
            }

            toStore.Add(beat);
            positions.Add(i);
        }

        if (toStore.Count > 0)
        {
            var stored = await _committer.AppendAsync(toStore, cancel).ConfigureAwait(false);
            for (var k = 0; k < positions.Count; k++)
            {
                var item = items[positions[k]];
                results[positions[k]] = new ItemResult(item.Index, item.Line, toStore[k].Device, toStore[k].Seq, stored[k] ? ItemStatus.Accepted : ItemStatus.Duplicate);
            }
        }

        return new IngestReply(results);
    }

    public ValueTask DisposeAsync() => _committer.DisposeAsync();

    /// <summary>Devices are never removed, so a device once found stays known.</summary>
    private async ValueTask<bool> IsRegisteredAsync(string device, CancellationToken cancel)
    {
        if (_knownDevices.ContainsKey(device))
        {
            return true;
        }

        if (!await _store.DeviceExistsAsync(device, cancel).ConfigureAwait(false))
        {
            return false;
        }

        if (_knownDevices.Count >= MaxKnownDevices)
        {
            _knownDevices.Clear();
        }

        _knownDevices.TryAdd(device, 0);
        return true;
    }
}
