using HeapLedger.Cli;
using HeapLedger.Detection.Evaluation;
using HeapLedger.Fleet.Simulation;
using HeapLedger.Server.Tests.Support;

namespace HeapLedger.Server.Tests;

public sealed class SimulateTests
{
    private static readonly FieldFleetOptions Small = new(Devices: 40, Days: 10, Seed: 2);

    [Fact]
    public async Task SimulatedOverHttpAsAHubEveryHeartbeatIsStored()
    {
        await using var server = await TestServer.StartAsync();
        var run = Simulate("--to", server.BaseAddress.ToString(), "--register-in", $"sqlite:{server.DatabasePath}");

        Assert.True(run.Code == 0, run.Error);
        var expected = SimulatedFleet.Generate(Small).HeartbeatCount;
        Assert.Equal(expected, await server.Store.CountHeartbeatsAsync(CancellationToken.None));
        Assert.Contains($"{expected:N0} stored, 0 already there, 0 rejected", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAHubTokenAndUnregisteredDevicesTheRejectionsAreAnError()
    {
        await using var server = await TestServer.StartAsync();
        var hub = await server.AddHubAsync("gateway");
        var run = Simulate("--to", server.BaseAddress.ToString(), "--token", hub);

        Assert.Equal(2, run.Code);
        Assert.Contains("rejected", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, await server.Store.CountHeartbeatsAsync(CancellationToken.None));
    }

    [Fact]
    public void ToAServiceWithoutATokenOrARegistrationStoreIsAUsageError()
    {
        var run = Simulate("--to", "http://127.0.0.1:9/");

        Assert.Equal(2, run.Code);
        Assert.Contains("--to URL needs --token HUBTOKEN", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--topic", "gateways/+/heap")]
    [InlineData("--timeout", "5")]
    public void MqttOptionsWithoutMqttAreAUsageError(string option, string value)
    {
        var run = Simulate("--to", "sqlite:/nonexistent/never-written.db", option, value);

        Assert.Equal(2, run.Code);
        Assert.Contains("--topic and --timeout are for --mqtt", run.Error, StringComparison.Ordinal);
    }

    private static (int Code, string Out, string Error) Simulate(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] all = ["simulate", "--devices", $"{Small.Devices}", "--days", $"{Small.Days}", "--seed", $"{Small.Seed}", .. args];
        var code = HeapLedgerCli.Run(all, new CliConsole(stdout, stderr, ErrorIsTerminal: false));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
