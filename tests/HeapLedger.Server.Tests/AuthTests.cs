using System.Net;
using HeapLedger.Fleet.Identity;
using HeapLedger.Server.Tests.Support;

namespace HeapLedger.Server.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task NoTokenOrAnUnknownOneIs401()
    {
        await using var server = await TestServer.StartAsync();
        await server.AddDevicesAsync("dev-001");
        var none = await server.PostAsync(null, Json.Heartbeat("dev-001", 1));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("missing Authorization: Bearer TOKEN", (await Json.ReadAsync(none)).GetProperty("reason").GetString(), StringComparison.Ordinal);
        var unknown = await server.PostAsync(Tokens.New(), Json.Heartbeat("dev-001", 1));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("the bearer token is not a registered device's or hub's token", (await Json.ReadAsync(unknown)).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.PostAsync("not-a-token", Json.Heartbeat("dev-001", 1))).StatusCode);
        Assert.Equal(0, await server.Store.CountHeartbeatsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ADeviceTokenForAnotherDeviceIs403AndInAMixedBatchOnlyThatItemIsRejected()
    {
        await using var server = await TestServer.StartAsync();
        var tokens = await server.AddDevicesAsync("dev-001", "dev-002");
        var other = await server.PostAsync(tokens[0], Json.Heartbeat("dev-002", 1));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        var item = (await Json.ReadAsync(other)).GetProperty("items")[0];
        Assert.Equal("forbidden", item.GetProperty("error").GetString());
        Assert.Equal("forbidden: the token of device \"dev-001\" may post only that device's heartbeats", item.GetProperty("reason").GetString());

        var mixed = await server.PostAsync(tokens[0], $"[{Json.Heartbeat("dev-001", 1)},{Json.Heartbeat("dev-002", 2)},{Json.Heartbeat(null, 3)}]");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mixed.StatusCode);
        Assert.Equal(["accepted", "rejected", "accepted"], Json.Statuses(await Json.ReadAsync(mixed)));
        Assert.Equal(2, await server.Store.CountHeartbeatsAsync(CancellationToken.None)); // a device's token names its device when the heartbeat does not
    }

    [Fact]
    public async Task AHubPostsForAnyRegisteredDeviceButNotForUnknownOnes()
    {
        await using var server = await TestServer.StartAsync();
        await server.AddDevicesAsync("dev-001", "dev-002");
        var hub = await server.AddHubAsync("gateway-7");
        var response = await server.PostAsync(hub, $"[{Json.Heartbeat("dev-001", 1)},{Json.Heartbeat("dev-002", 1)},{Json.Heartbeat("dev-999", 1)},{Json.Heartbeat(null, 2)}]");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var items = (await Json.ReadAsync(response)).GetProperty("items");
        Assert.Equal(["accepted", "accepted", "rejected", "rejected"], Json.Statuses(await Json.ReadAsync(response)));
        Assert.Equal("unknown-device", items[2].GetProperty("error").GetString());
        Assert.Equal("unknown device \"dev-999\": register it first (heapledger devices add dev-999)", items[2].GetProperty("reason").GetString());
        Assert.Equal("missing \"device\" (a hub's heartbeats must each name their device)", items[3].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task WithAnAdminTokenTheDeviceListNeedsIt()
    {
        const string admin = "correct-horse-battery-staple";
        await using var server = await TestServer.StartAsync(("AdminToken", admin));
        var device = (await server.AddDevicesAsync("dev-001"))[0];
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/api/v1/devices")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/devices") { Headers = { { "Authorization", $"Bearer {device}" } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/v1/devices") { Headers = { { "Authorization", $"Bearer {admin}" } } };
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(right)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/v1/health")).StatusCode);
    }

    [Fact]
    public void ListeningBeyondLoopbackWithoutAnAdminTokenIsRefused()
    {
        var error = Assert.Throws<HeapLedger.Core.HeapLedgerException>(() => FleetServerOptions.From(
            FleetServerConfiguration.Build(Path.GetTempPath(), new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:8080;http://0.0.0.0:8080" })));
        Assert.StartsWith("http://0.0.0.0:8080 listens beyond loopback: set an admin token", error.Message, StringComparison.Ordinal);
        foreach (var loopback in new[] { "http://localhost:1", "http://[::1]:1", "http://127.0.0.2:1" })
        {
            Assert.Empty(FleetServerOptions.From(FleetServerConfiguration.Build(Path.GetTempPath(), new Dictionary<string, string?> { ["Urls"] = loopback })).BeyondLoopback());
        }
    }
}
