using System.Diagnostics;
using System.Text.Json;
using HeapLedger.Cli;
using HeapLedger.Detection.Evaluation;
using HeapLedger.Fleet.Simulation;
using HeapLedger.Server.Tests.Support;

namespace HeapLedger.Server.Tests;

/// <summary>Heartbeats over MQTT through a real mosquitto, into the service in this process.</summary>
public sealed class MqttIngestTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    [Fact]
    public async Task HeartbeatsPublishedAtQos1AreStoredAsOverHttp()
    {
        var prefix = Prefix();
        await using var server = await StartAsync(prefix);
        var tokens = await server.AddDevicesAsync("dev-1", "dev-2");

        await broker.PublishAsync($"{prefix}/dev-1/heap", Json.Heartbeat(null, 1));
        await broker.PublishAsync($"{prefix}/dev-1/heap", $"[{Json.Heartbeat("dev-1", 2)},{Json.Heartbeat(null, 3)}]");
        await broker.PublishAsync($"{prefix}/dev-1/heap", $"{Json.Heartbeat("dev-1", 4)}\n{Json.Heartbeat("dev-1", 5)}\n");
        await broker.PublishAsync($"{prefix}/dev-2/heap", Json.Heartbeat(null, 1), authorization: $"Bearer {tokens[1]}");
        await broker.PublishAsync($"{prefix}/dev-2/heap", Json.Heartbeat(null, 2, extra: $",\"token\":\"{tokens[1]}\""));
        await broker.PublishAsync($"{prefix}/dev-2/heap", Json.Heartbeat(null, 2)); // a repeat: duplicate

        var mqtt = await WaitForAsync(server, m => m.GetProperty("messages").GetInt64() == 6 && Handled(m) == 8);
        Assert.Equal((7L, 1L, 0L, 0L), (mqtt.GetProperty("heartbeatsAccepted").GetInt64(), mqtt.GetProperty("heartbeatsDuplicate").GetInt64(),
            mqtt.GetProperty("heartbeatsRejected").GetInt64(), mqtt.GetProperty("messagesRefused").GetInt64()));
        Assert.Equal(7, await server.Store.CountHeartbeatsAsync(CancellationToken.None));
        Assert.Equal([1L, 2, 3, 4, 5], StoredHeartbeats.Keys(server.DatabasePath).Where(k => k.Device == "dev-1").Select(k => k.Seq).Order());
    }

    [Fact]
    public async Task AnotherDevicesHeartbeatGarbageAndAForeignTokenAreRefusedAndIngestGoesOn()
    {
        var prefix = Prefix();
        await using var server = await StartAsync(prefix);
        var tokens = await server.AddDevicesAsync("dev-1", "dev-2");

        await broker.PublishAsync($"{prefix}/dev-1/heap", Json.Heartbeat("dev-2", 1));
        await broker.PublishAsync($"{prefix}/dev-1/heap", "free=1&seq=2");
        await broker.PublishAsync($"{prefix}/dev-1/heap", "{\"seq\":");
        await broker.PublishAsync($"{prefix}/bad id/heap", Json.Heartbeat(null, 1));
        await broker.PublishAsync($"{prefix}/dev-1/heap", Json.Heartbeat(null, 1), authorization: $"Bearer {tokens[1]}");
        await broker.PublishAsync($"{prefix}/dev-1/heap", Json.Heartbeat(null, 1, free: 70_000));
        await broker.PublishAsync($"{prefix}/dev-3/heap", Json.Heartbeat(null, 1));
        await broker.PublishAsync($"{prefix}/dev-1/heap", Json.Heartbeat(null, 7));

        var mqtt = await WaitForAsync(server, m => m.GetProperty("messages").GetInt64() == 8 && m.GetProperty("heartbeatsAccepted").GetInt64() == 1);
        Assert.Equal((4L, 3L), (mqtt.GetProperty("messagesRefused").GetInt64(), mqtt.GetProperty("heartbeatsRejected").GetInt64()));
        Assert.True(mqtt.GetProperty("connected").GetBoolean());
        Assert.Equal([("dev-1", 7L)], StoredHeartbeats.Keys(server.DatabasePath));
    }

    [Fact]
    public async Task WithRequireTokenAMessageWithoutOneIsRefused()
    {
        var prefix = Prefix();
        await using var server = await StartAsync(prefix, ("Mqtt:RequireToken", "true"));
        var tokens = await server.AddDevicesAsync("dev-1");
        var hub = await server.AddHubAsync("gateway");

        await broker.PublishAsync($"{prefix}/dev-1/heap", Json.Heartbeat(null, 1));
        await broker.PublishAsync($"{prefix}/dev-1/heap", Json.Heartbeat(null, 2), authorization: $"Bearer {tokens[0]}");
        await broker.PublishAsync($"{prefix}/dev-1/heap", $"{Json.Heartbeat(null, 3)}\n{Json.Heartbeat(null, 4)}", authorization: $"Bearer {hub}", contentType: "application/x-ndjson");

        var mqtt = await WaitForAsync(server, m => Handled(m) + m.GetProperty("messagesRefused").GetInt64() == 4);
        Assert.Equal((3L, 1L), (mqtt.GetProperty("heartbeatsAccepted").GetInt64(), mqtt.GetProperty("messagesRefused").GetInt64()));
    }

    [Fact]
    public async Task MessagesPublishedWhileTheServiceIsDownAreDeliveredWhenItComesBack()
    {
        var prefix = Prefix();
        await using var server = await StartAsync(prefix);
        await server.AddDevicesAsync("dev-1");
        await broker.PublishAsync($"{prefix}/dev-1/heap", Json.Heartbeat(null, 1));
        await WaitForAsync(server, m => m.GetProperty("heartbeatsAccepted").GetInt64() == 1);

        await server.StopAsync();
        for (var seq = 2; seq <= 4; seq++)
        {
            await broker.PublishAsync($"{prefix}/dev-1/heap", Json.Heartbeat(null, seq));
        }

        await server.StartAgainAsync();
        var mqtt = await WaitForAsync(server, m => m.GetProperty("heartbeatsAccepted").GetInt64() == 3);
        Assert.Equal(3L, mqtt.GetProperty("messages").GetInt64());
        Assert.Equal([1L, 2, 3, 4], StoredHeartbeats.Keys(server.DatabasePath).Select(k => k.Seq).Order());
    }

    [Fact]
    public async Task TheSimulatorPublishesItsFleetThroughTheBrokerAsAHubAndEveryHeartbeatIsStored()
    {
        var prefix = Prefix();
        await using var server = await StartAsync(prefix, ("Mqtt:RequireToken", "true"));
        var options = new FieldFleetOptions(Devices: 12, Days: 6, Seed: 3);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = HeapLedgerCli.Run(
            ["simulate", "--devices", "12", "--days", "6", "--seed", "3", "--mqtt", $"127.0.0.1:{broker.Port}", "--topic", $"{prefix}/+/heap",
             "--register-in", $"sqlite:{server.DatabasePath}", "--concurrency", "8"],
            new CliConsole(stdout, stderr, ErrorIsTerminal: false));

        Assert.True(code == 0, stderr.ToString());
        var expected = SimulatedFleet.Generate(options).HeartbeatCount;
        Assert.Contains($"heartbeats written:  {expected:N0} (acknowledged by the broker)", stdout.ToString(), StringComparison.Ordinal);
        var mqtt = await WaitForAsync(server, m => Handled(m) + m.GetProperty("messagesRefused").GetInt64() >= expected);
        Assert.Equal((expected, 0L, 0L), (mqtt.GetProperty("heartbeatsAccepted").GetInt64(), mqtt.GetProperty("heartbeatsRejected").GetInt64(), mqtt.GetProperty("messagesRefused").GetInt64()));
        Assert.Equal(expected, await server.Store.CountHeartbeatsAsync(CancellationToken.None));
    }

    [Fact]
    public void WithNoServiceSubscribedTheSimulatorGivesUpAfterItsTimeoutNamingTheHeartbeat()
    {
        var prefix = Prefix();
        var store = Path.Combine(TempDirectory.Create("heapledger-sim-nobody"), "fleet.db");
        var stderr = new StringWriter();
        var watch = Stopwatch.StartNew();

        var code = HeapLedgerCli.Run(
            ["simulate", "--devices", "40", "--days", "2", "--mqtt", $"127.0.0.1:{broker.Port}", "--topic", $"{prefix}/+/heap",
             "--register-in", $"sqlite:{store}", "--timeout", "1"],
            new CliConsole(new StringWriter(), stderr, ErrorIsTerminal: false));

        Assert.Equal(2, code);
        Assert.Matches($@"the service has not stored gw-\d+'s heartbeat \d+ 1 s after it was published to {prefix}/gw-\d+/heap on 127\.0\.0\.1:{broker.Port}: is a service subscribed to {prefix}/\+/heap", stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"gave up after {watch.Elapsed}");
    }

    [Theory]
    [InlineData("devices/#")]
    [InlineData("devices/heap")]
    [InlineData("devices/+/+")]
    public void ASimulatorTopicWithoutExactlyOneDeviceLevelIsAUsageError(string topic)
    {
        var stderr = new StringWriter();
        var code = HeapLedgerCli.Run(["simulate", "--devices", "2", "--days", "2", "--mqtt", $"127.0.0.1:{broker.Port}", "--topic", topic],
            new CliConsole(new StringWriter(), stderr, ErrorIsTerminal: false));

        Assert.Equal(2, code);
        Assert.Contains($"--topic \"{topic}\": expected exactly one \"+\" level", stderr.ToString(), StringComparison.Ordinal);
    }

    private static string Prefix() => $"t{Guid.NewGuid():N}"[..12];

    private static long Handled(JsonElement mqtt) =>
        mqtt.GetProperty("heartbeatsAccepted").GetInt64() + mqtt.GetProperty("heartbeatsDuplicate").GetInt64() + mqtt.GetProperty("heartbeatsRejected").GetInt64();

    /// <summary>The service subscribed to <c>PREFIX/+/heap</c> on the broker, once it is.</summary>
    private async Task<TestServer> StartAsync(string prefix, params (string Key, string Value)[] extra)
    {
        var server = await TestServer.StartAsync(
            [("Mqtt:Enabled", "true"), ("Mqtt:Host", "127.0.0.1"), ("Mqtt:Port", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
             ("Mqtt:TopicFilter", $"{prefix}/+/heap"), ("Mqtt:ClientId", $"heapledger-{prefix}"), .. extra]);
        await WaitForAsync(server, _ => true);
        return server;
    }

    /// <summary>The health's <c>mqtt</c> counters once <paramref name="done"/> holds (connected first), or a failure after 20 s.</summary>
    private async Task<JsonElement> WaitForAsync(TestServer server, Func<JsonElement, bool> done)
    {
        var watch = Stopwatch.StartNew();
        JsonElement mqtt;
        do
        {
            mqtt = (await Json.ReadAsync(await server.Client.GetAsync("/api/v1/health"))).GetProperty("mqtt");
            if (mqtt.GetProperty("connected").GetBoolean() && done(mqtt))
            {
                return mqtt;
            }

            await Task.Delay(50);
        }
        while (watch.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Fail($"MQTT ingest did not get there in 20 s: {mqtt}\nbroker log:\n{broker.Log}");
        return mqtt;
    }
}
