using System.Diagnostics;
using System.Globalization;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;
using HeapLedger.Fleet.Storage.Sqlite;
using HeapLedger.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace HeapLedger.Server.Tests;

/// <summary>
/// The real <c>heapledger serve</c> taking heartbeats from mosquitto, killed with SIGKILL while it
/// stores them: a message is acknowledged only after its commit, so after a restart every message
/// the broker accepted is stored, once.
/// </summary>
public sealed class MqttCrashTests(MosquittoBroker broker, ITestOutputHelper output) : IClassFixture<MosquittoBroker>
{
    private const int Messages = 2000;

    [Fact]
    public async Task EveryMessageTheBrokerTookIsStoredOnceAfterTheServiceIsKilledMidStream()
    {
        var directory = TempDirectory.Create("heapledger-mqtt-crash");
        var database = Path.Combine(directory, "fleet.db");
        var prefix = $"c{Guid.NewGuid():N}"[..12];
        try
        {
            await using (var store = await SqliteFleetStore.OpenAsync(database, TimeProvider.System))
            {
                await store.AddDevicesAsync([new DeviceRegistration("dev-1", Tokens.Hash(Tokens.New()))], CancellationToken.None);
            }

            SqliteConnection.ClearAllPools();
            File.WriteAllText(Path.Combine(directory, "appsettings.json"), string.Create(CultureInfo.InvariantCulture,
                $$$"""{"Mqtt":{"Enabled":true,"Host":"127.0.0.1","Port":{{{broker.Port}}},"TopicFilter":"{{{prefix}}}/+/heap","ClientId":"heapledger-{{{prefix}}}"}}"""));

            // Killed twice mid-stream, which is when messages are on their way to the store. The
            // first start makes the session, so that the broker keeps what comes for it from then on.
            var watch = Stopwatch.StartNew();
            var storedAtKill = new List<int>();
            var serve = await ServeProcess.StartAsync(database, directory);
            var publishing = broker.PublishManyAsync(Enumerable.Range(1, Messages).Select(seq => ($"{prefix}/dev-1/heap", Json.Heartbeat(null, seq))));
            foreach (var share in new[] { 0.1, 0.5 })
            {
                using (serve)
                {
                    storedAtKill.Add(await WaitForStoredAsync(database, (int)(Messages * share), Task.Delay(TimeSpan.FromSeconds(20))));
                    serve.Kill();
                }

                serve = await ServeProcess.StartAsync(database, directory);
            }

            await publishing;
            using var again = serve;
            var stored = await WaitForStoredAsync(database, Messages, Task.Delay(TimeSpan.FromSeconds(30)));
            output.WriteLine($"killed with {string.Join(" and then ", storedAtKill)} of {Messages} stored; {stored} stored after the restart, in {watch.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(Messages, stored);
            Assert.Equal(Enumerable.Range(1, Messages).Select(i => (long)i), StoredHeartbeats.Keys(database).Select(k => k.Seq).Order());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempDirectory.Delete(directory);
        }
    }

    /// <summary>Heartbeats stored, once there are at least <paramref name="count"/> or <paramref name="giveUp"/> is done.</summary>
    private static async Task<int> WaitForStoredAsync(string database, int count, Task giveUp)
    {
        while (true)
        {
            var stored = (int)StoredHeartbeats.Read(database).Count;
            if (stored >= count || giveUp.IsCompleted)
            {
                return stored;
            }

            await Task.Delay(20);
        }
    }
}
