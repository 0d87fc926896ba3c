using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Bench.Fleet;

/// <summary>Registers the benchmark's devices and a hub in a fresh store; prints the hub's token.</summary>
internal static class SetupVerb
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var devices = options.Number("devices", 10_000);
        await using var store = await FleetStores.OpenAsync(StoreLocation.Parse(options.Text("store")), TimeProvider.System);
        foreach (var chunk in Enumerable.Range(0, devices).Chunk(5000))
        {
            await store.AddDevicesAsync([.. chunk.Select(d => new DeviceRegistration(Heartbeats.Device(d), Tokens.Hash(Tokens.New())))], CancellationToken.None);
        }

        var token = Tokens.New();
        await store.AddHubAsync("bench", Tokens.Hash(token), CancellationToken.None);
        Console.WriteLine(token);
        return 0;
    }
}
