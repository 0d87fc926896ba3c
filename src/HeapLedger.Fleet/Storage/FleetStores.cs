using HeapLedger.Fleet.Storage.Postgres;
using HeapLedger.Fleet.Storage.Sqlite;

namespace HeapLedger.Fleet.Storage;

/// <summary>Opens the store a <see cref="StoreLocation"/> names, its schema migrated to the newest version.</summary>
public static class FleetStores
{
    public static async Task<IFleetStore> OpenAsync(StoreLocation location, TimeProvider clock, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Kind switch
        {
            StoreKind.Sqlite => await SqliteFleetStore.OpenAsync(location.Target, clock, cancel).ConfigureAwait(false),
            _ => await PostgresFleetStore.OpenAsync(location.Target, clock, cancel).ConfigureAwait(false),
        };
    }
}
