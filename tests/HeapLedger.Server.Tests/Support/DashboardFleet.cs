using System.Net;
using HeapLedger.Fleet.Judging;

namespace HeapLedger.Server.Tests.Support;

/// <summary>
/// The service over <see cref="LedgerFleet"/>'s 60 devices × 20 days, ingested over HTTP and
/// judged once, shared by a test class's browser tests.
/// </summary>
public sealed class DashboardFleet : IAsyncLifetime
{
    public const int Devices = 60;
    public const int Days = 20;

    private TestServer? server;

    public TestServer Server => server ?? throw new InvalidOperationException("the fleet is not started");

    public IReadOnlySet<string> Leaking { get; } = Enumerable.Range(0, Devices).Where(LedgerFleet.Leaks).Select(LedgerFleet.Device).ToHashSet();

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync();
        await server.AddDevicesAsync([.. Enumerable.Range(0, Devices).Select(LedgerFleet.Device)]);
        var hub = await server.AddHubAsync("gateway");
        foreach (var batch in Enumerable.Range(0, Devices).SelectMany(i => LedgerFleet.Lines(i, Days)).Chunk(1000))
        {
            var posted = await server.PostAsync(hub, string.Join('\n', batch), "application/x-ndjson");
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        var run = await server.Service<DetectionJob>().RunOnceAsync(CancellationToken.None);
        Assert.Equal((Devices, Leaking.Count), (run.Judged, run.Leaking));
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
