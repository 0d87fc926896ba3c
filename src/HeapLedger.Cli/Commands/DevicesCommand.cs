using System.CommandLine;
using HeapLedger.Core;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Cli.Commands;

/// <summary>
/// <c>heapledger devices add ID --store …</c> and <c>heapledger devices add-hub NAME --store …</c>:
/// registers a device (or a hub, which may post for any device) and prints its new token alone
/// on standard output; the store keeps only the token's SHA-256, so it is shown this once.
/// </summary>
public static class DevicesCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("devices", "Register devices and hubs of the fleet service");
        command.Subcommands.Add(Add(console, hub: false));
        command.Subcommands.Add(Add(console, hub: true));
        return command;
    }

    private static Command Add(CliConsole console, bool hub)
    {
        var name = new Argument<string>(hub ? "NAME" : "ID") { Description = hub ? "The hub's name (a gateway, an IoT hub route)" : "The device's id, as its heartbeats give it" };
        var store = new Option<string>("--store") { Description = "sqlite:PATH or postgres:CONNECTION_STRING", Required = true };
        var command = new Command(hub ? "add-hub" : "add", hub
            ? "Register a hub, which may post heartbeats for any registered device, and print its token"
            : "Register a device and print its token (only its hash is stored)")
        {
            name, store,
        };
        command.SetAction(parsed => Run(parsed.GetValue(name)!, parsed.GetValue(store)!, hub, console));
        return command;
    }

    public static int Run(string name, string store, bool hub, CliConsole console)
    {
        var what = hub ? "hub name" : "device id";
        if (DeviceIds.Problem(name) is { } problem)
        {
            throw new HeapLedgerException($"{what} \"{name}\": {problem}");
        }

        var location = StoreLocation.Parse(store);
        var token = Tokens.New();
        Task.Run(async () =>
        {
            await using var fleet = await FleetStores.OpenAsync(location, TimeProvider.System, console.Cancel).ConfigureAwait(false);
            try
            {
                if (hub)
                {
                    await fleet.AddHubAsync(name, Tokens.Hash(token), console.Cancel).ConfigureAwait(false);
                }
                else
                {
                    await fleet.AddDevicesAsync([new DeviceRegistration(name, Tokens.Hash(token))], console.Cancel).ConfigureAwait(false);
                }
            }
            catch (DuplicateNameException e)
            {
                throw new HeapLedgerException(e.Message, e);
            }
        }).GetAwaiter().GetResult();

        console.Out.WriteLine(token);
        console.Error.WriteLine($"heapledger: {(hub ? "hub" : "device")} {name} added to {location}; its token is above (shown once: only its hash is kept)");
        return (int)ExitCode.Ok;
    }
}
