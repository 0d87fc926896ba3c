using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HeapLedger.Cli.Simulate;
using HeapLedger.Core;
using HeapLedger.Detection.Evaluation;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Simulation;
using HeapLedger.Fleet.Storage;
using HeapLedger.Server.Mqtt;

namespace HeapLedger.Cli.Commands;

/// <summary>
/// <c>heapledger simulate --to sqlite:PATH|postgres:CONN|URL | --mqtt HOST:PORT</c>: the field
/// failure's fleet (<see cref="FieldFleet"/>, docs/simulator.md) written straight into a store,
/// posted to a running service as a hub, or published to its MQTT broker. The service has no
/// registration endpoint, so over HTTP and MQTT the devices must exist: <c>--register-in STORE</c>
/// registers them (and a hub, when no <c>--token</c> is given) in the service's store first.
/// </summary>
public static class SimulateCommand
{
    public sealed record Settings(
        int Devices = 1000,
        int Days = 60,
        int Seed = 1,
        string? To = null,
        string? Mqtt = null,
        string? Token = null,
        string? RegisterIn = null,
        string? Truth = null,
        int Batch = 500,
        int Concurrency = 4,
        string Topic = DefaultTopic,
        int TimeoutSeconds = DefaultTimeoutSeconds);

    /// <summary>The service's default <c>Mqtt:TopicFilter</c>; the <c>+</c> is the device id.</summary>
    public const string DefaultTopic = MqttSettings.DefaultTopicFilter;

    /// <summary>How long <c>--mqtt</c> waits, by default, for the service to store a published heartbeat.</summary>
    public const int DefaultTimeoutSeconds = 30;

    public static Command Create(CliConsole console)
    {
        var devices = new Option<int>("--devices") { Description = "Devices in the fleet", DefaultValueFactory = _ => 1000 };
        var days = new Option<int>("--days") { Description = "Days of hourly heartbeats", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { Description = "Same seed, same fleet", DefaultValueFactory = _ => 1 };
        var to = new Option<string?>("--to") { Description = "sqlite:PATH or postgres:CONNECTION_STRING (written straight in), or the service's URL (posted as a hub)" };
        var mqtt = new Option<string?>("--mqtt") { Description = "Publish to the service's MQTT broker instead, HOST[:PORT] (default port 1883), one message per heartbeat on --topic" };
        var token = new Option<string?>("--token") { Description = "A hub's token, for --to URL (from heapledger devices add-hub); sent as a user property over MQTT" };
        var registerIn = new Option<string?>("--register-in") { Description = "With --to URL or --mqtt: register the devices (and a hub, without --token) in the service's store first" };
        var truth = new Option<string?>("--truth") { Description = "Write the ground truth, one device a row, to this CSV file" };
        var batch = new Option<int>("--batch") { Description = "Heartbeats per append or request", DefaultValueFactory = _ => 500 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests (or unacknowledged publishes) at once over HTTP (MQTT)", DefaultValueFactory = _ => 4 };
        var timeout = new Option<int>("--timeout") { Description = "With --mqtt and --register-in: seconds to wait for the service to store a published heartbeat before giving up", DefaultValueFactory = _ => DefaultTimeoutSeconds };
        var topic = new Option<string>("--topic") { Description = "With --mqtt: the topic, the service's Mqtt:TopicFilter with its + standing for the device id", DefaultValueFactory = _ => DefaultTopic };
        var command = new Command("simulate", "Generate the field failure's fleet (firmware 2.3.0 leaks in weak coverage) and send its heartbeats")
        {
            devices, days, seed, to, mqtt, token, registerIn, truth, batch, concurrency, topic, timeout,
        };
        command.SetAction(parsed => Run(
            new Settings(parsed.GetValue(devices), parsed.GetValue(days), parsed.GetValue(seed), parsed.GetValue(to), parsed.GetValue(mqtt),
                parsed.GetValue(token), parsed.GetValue(registerIn), parsed.GetValue(truth), parsed.GetValue(batch), parsed.GetValue(concurrency),
                parsed.GetValue(topic) ?? DefaultTopic, parsed.GetValue(timeout)),
            console));
        return command;
    }

    public static int Run(Settings settings, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new FieldFleetOptions(settings.Devices, settings.Days, settings.Seed);
        var target = Target.Parse(settings);
        if (options.Problem() is { } problem)
        {
            throw new HeapLedgerException(problem);
        }

        var watch = Stopwatch.StartNew();
        var fleet = SimulatedFleet.Generate(options, console.Cancel);
        var total = fleet.HeartbeatCount;
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"heapledger simulate: {settings.Devices:N0} devices over {settings.Days} days (seed {settings.Seed}): {total:N0} heartbeats generated in {watch.Elapsed.TotalSeconds:0.0} s; writing to {target}"));
        var progress = new ThrottledProgress(console.Error, total);
        var counts = Task.Run(() => WriteAsync(target, settings, fleet, progress, console.Cancel)).GetAwaiter().GetResult();
        if (settings.Truth is { } truthPath)
        {
            using var writer = new StreamWriter(truthPath);
            TruthCsv.Write(writer, fleet);
        }

        PrintSummary(console.Out, fleet, counts, target, watch.Elapsed, settings.Truth);
        if (counts.Rejected is > 0)
        {
            console.Error.WriteLine($"heapledger simulate: error: the service rejected {counts.Rejected:N0} heartbeats (are the devices registered? --register-in STORE registers them)");
            return (int)ExitCode.BadInput;
        }

        return (int)ExitCode.Ok;
    }

    private static async Task<SendCounts> WriteAsync(Target target, Settings settings, SimulatedFleet fleet, ThrottledProgress progress, CancellationToken cancel)
    {
        var token = settings.Token;
        var location = target.Store ?? (settings.RegisterIn is null ? null : StoreLocation.Parse(settings.RegisterIn));
        await using var store = location is null ? null : await FleetStores.OpenAsync(location, TimeProvider.System, cancel).ConfigureAwait(false);
        if (store is not null)
        {
            await StoreSimulation.RegisterDevicesAsync(store, fleet, cancel).ConfigureAwait(false);
            if (target.Store is not null)
            {
                var stored = await StoreSimulation.AppendAsync(store, fleet, settings.Batch, progress, cancel).ConfigureAwait(false);
                return new SendCounts(fleet.HeartbeatCount, stored, fleet.HeartbeatCount - stored, 0);
            }

            if (token is null)
            {
                // Over MQTT a token is optional unless the service says Mqtt:RequireToken; a hub's works either way.
                token = Tokens.New();
                await store.AddHubAsync($"simulate-{Guid.NewGuid():N}"[..17], Tokens.Hash(token), cancel).ConfigureAwait(false);
            }
        }

        if (target.Service is { } service)
        {
            return await new HttpHeartbeatSender(service, token!, settings.Batch, settings.Concurrency).SendAsync(fleet, progress, cancel).ConfigureAwait(false);
        }

        // With the service's store at hand, the publisher waits for the service to keep the broker's queue short.
        return await new MqttHeartbeatSender(target.MqttHost!, target.MqttPort, settings.Topic, token, settings.Concurrency, store, TimeSpan.FromSeconds(settings.TimeoutSeconds))
            .SendAsync(fleet, progress, cancel).ConfigureAwait(false);
    }

    private static void PrintSummary(TextWriter output, SimulatedFleet fleet, SendCounts counts, Target target, TimeSpan elapsed, string? truthPath)
    {
        var devices = fleet.Devices;
        var leaking = devices.Count(static d => d.Truth.Leaking);
        var silent = devices.Where(static d => d.Truth.Exhaustion is not null).Select(static d => d.Truth.Exhaustion!.Value).Order().ToList();
        var start = FieldFleetOptions.WindowStart;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"Simulated {devices.Count:N0} devices over {fleet.Options.Days} days from {start:yyyy-MM-dd} (seed {fleet.Options.Seed}) into {target}"));
        var outcome = counts.Accepted is { } accepted
            ? string.Create(inv, $"{accepted:N0} stored, {counts.Duplicate:N0} already there, {counts.Rejected:N0} rejected")
            : "acknowledged by the broker";
        output.WriteLine(string.Create(inv, $"  heartbeats written:  {counts.Sent:N0} ({outcome}) in {elapsed.TotalSeconds:0.0} s"));
        output.WriteLine(string.Create(inv, $"  devices leaking:     {leaking:N0} (truth: firmware {FieldFleetOptions.BuggyFirmware} in weak coverage)"));
        output.WriteLine(silent.Count == 0
            ? "  devices gone silent: none (out of heap)"
            : string.Create(inv, $"  devices gone silent: {silent.Count:N0} (out of heap); the first at {silent[0]:yyyy-MM-dd HH:mm} UTC, day {(silent[0] - start).TotalDays:0.0}"));
        if (truthPath is not null)
        {
            output.WriteLine($"  truth:               {truthPath}");
        }
    }

    /// <summary>Where the heartbeats go: exactly one of a store, a service URL, a broker.</summary>
    private sealed record Target(StoreLocation? Store, Uri? Service, string? MqttHost, int MqttPort)
    {
        public static Target Parse(Settings s)
        {
            if ((s.To is null) == (s.Mqtt is null))
            {
                throw new HeapLedgerException("say where to write: --to sqlite:PATH, --to postgres:CONNECTION_STRING, --to http://HOST:PORT or --mqtt HOST[:PORT] (one of them)");
            }

            if (s.Batch is < 1 or > 10_000)
            {
                throw new HeapLedgerException($"--batch must be between 1 and 10,000, not {s.Batch}");
            }

            if (s.TimeoutSeconds is < 1 or > 86_400)
            {
                throw new HeapLedgerException($"--timeout must be between 1 and 86,400 seconds, not {s.TimeoutSeconds}");
            }

            if (s.Concurrency is < 1 or > 64)
            {
                throw new HeapLedgerException($"--concurrency must be between 1 and 64, not {s.Concurrency}");
            }

            if (s.Mqtt is { } broker)
            {
                var colon = broker.LastIndexOf(':');
                var port = 1883;
                if (colon == 0 || (colon > 0 && (!int.TryParse(broker[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)))
                {
                    throw new HeapLedgerException($"--mqtt \"{broker}\": expected HOST or HOST:PORT (port 1 to 65535)");
                }

                if (!MqttSettings.HasOneDeviceLevel(s.Topic))
                {
                    throw new HeapLedgerException($"--topic \"{s.Topic}\": expected exactly one \"+\" level, where the device id goes, and no \"#\" (e.g. {DefaultTopic})");
                }

                RequireRegistration(s, "--mqtt", needsToken: false);
                return new Target(null, null, colon > 0 ? broker[..colon] : broker, port);
            }

            var to = s.To!;
            if (to.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || to.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                if (!Uri.TryCreate(to.EndsWith('/') ? to : to + "/", UriKind.Absolute, out var service))
                {
                    throw new HeapLedgerException($"--to \"{to}\": not a URL");
                }

                RequireRegistration(s, "--to URL", needsToken: true);
                return new Target(null, service, null, 0);
            }

            if (s.Topic != DefaultTopic || s.TimeoutSeconds != DefaultTimeoutSeconds)
            {
                throw new HeapLedgerException("--topic and --timeout are for --mqtt");
            }

            if (s.Token is not null || s.RegisterIn is not null)
            {
                throw new HeapLedgerException("--token and --register-in are for --to URL and --mqtt; into a store the devices are registered directly");
            }

            return new Target(StoreLocation.Parse(to), null, null, 0);
        }

        private static void RequireRegistration(Settings s, string what, bool needsToken)
        {
            if (s.RegisterIn is null && needsToken && s.Token is null)
            {
                throw new HeapLedgerException($"{what} needs --token HUBTOKEN (a hub's, from heapledger devices add-hub) with the devices already registered, or --register-in STORE to register them and a hub in the service's store (the service has no registration endpoint)");
            }
        }

        public override string ToString() =>
            Store?.ToString() ?? (Service is { } service ? service.ToString() : $"mqtt://{MqttHost}:{MqttPort}");
    }
}
