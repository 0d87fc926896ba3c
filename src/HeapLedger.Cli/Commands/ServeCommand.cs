using System.CommandLine;
using System.Globalization;
using HeapLedger.Server;
using HeapLedger.Core;
using HeapLedger.Fleet.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace HeapLedger.Cli.Commands;

/// <summary>
/// <c>heapledger serve --store sqlite:PATH --urls http://127.0.0.1:PORT</c>: the fleet service
/// (docs/fleet-service.md). Options given here override appsettings.json and HEAPLEDGER_*
/// variables. Prints one line with the addresses it listens on once it does, and runs until
/// Ctrl-C or SIGTERM.
/// </summary>
public static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var store = new Option<string?>("--store") { Description = "sqlite:PATH or postgres:CONNECTION_STRING (or Store in appsettings.json, HEAPLEDGER_STORE)" };
        var urls = new Option<string?>("--urls") { Description = $"Where to listen, ';'-separated (default {FleetServerOptions.DefaultUrls}; port 0 picks a free one)" };
        var interval = new Option<int?>("--detection-interval") { Description = "Seconds between detection runs (default 300; 0: none)" };
        var reserve = new Option<long?>("--reserve") { Description = "The biggest allocation the firmware must still be able to make, in bytes" };
        var retention = new Option<int?>("--retention-days") { Description = "Delete heartbeats older than this many days (default 400; 0 keeps all)" };
        var mqtt = new Option<string?>("--mqtt") { Description = "Take heartbeats from an MQTT broker, HOST[:PORT] (default port 1883), on devices/+/heap (or the Mqtt section of appsettings.json)" };
        var alerts = new Option<string?>("--alerts") { Description = "A JSON file of alert rules: [{\"name\", \"webhook\", \"withinDays\"}] (or Alerts:Rules in appsettings.json)" };
        var command = new Command("serve", "Run the fleet service: heartbeats in over HTTP, leaking devices out")
        {
            store, urls, interval, reserve, retention, mqtt, alerts,
        };
        command.SetAction(parsed =>
        {
            var overrides = new Dictionary<string, string?>();
            Set(overrides, "Store", parsed.GetValue(store));
            Set(overrides, "Urls", parsed.GetValue(urls));
            Set(overrides, "Detection:IntervalSeconds", parsed.GetValue(interval)?.ToString(CultureInfo.InvariantCulture));
            Set(overrides, "Detection:ReserveBytes", parsed.GetValue(reserve)?.ToString(CultureInfo.InvariantCulture));
            Set(overrides, "RetentionDays", parsed.GetValue(retention)?.ToString(CultureInfo.InvariantCulture));
            Set(overrides, "Alerts:File", parsed.GetValue(alerts));
            if (parsed.GetValue(mqtt) is { } broker)
            {
                var colon = broker.LastIndexOf(':');
                overrides["Mqtt:Enabled"] = "true";
                overrides["Mqtt:Host"] = colon > 0 ? broker[..colon] : broker;
                Set(overrides, "Mqtt:Port", colon > 0 ? broker[(colon + 1)..] : null);
            }
            return Run(overrides, console);
        });
        return command;
    }

    public static int Run(IReadOnlyDictionary<string, string?> overrides, CliConsole console)
    {
        var configuration = FleetServerConfiguration.Build(Directory.GetCurrentDirectory(), overrides);
        // Runs on its own thread pool threads; the verb only waits for it.
        return Task.Run(async () =>
        {
            await using var app = await FleetServer.BuildAsync(configuration, console.Cancel).ConfigureAwait(false);
            try
            {
                await app.StartAsync(console.Cancel).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new HeapLedgerException($"cannot listen on {FleetServerOptions.From(configuration).Urls}: {e.Message}", e);
            }

            var store = StoreLocation.Parse(FleetServerOptions.From(configuration).Store);
            console.Out.WriteLine($"heapledger serve: listening on {string.Join(' ', app.Urls)} (store {store})");
            console.Out.Flush();
            await app.WaitForShutdownAsync(console.Cancel).ConfigureAwait(false);
            return (int)ExitCode.Ok;
        }).GetAwaiter().GetResult();
    }

    private static void Set(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[key] = value;
        }
    }
}
