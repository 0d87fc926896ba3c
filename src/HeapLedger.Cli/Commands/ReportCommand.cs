using System.CommandLine;
using HeapLedger.Core;
using HeapLedger.Fleet.Storage;
using HeapLedger.Server.Dashboard;

namespace HeapLedger.Cli.Commands;

/// <summary>
/// <c>heapledger report --store sqlite:PATH --output report.html</c>: the fleet dashboard as one
/// self-contained HTML file (docs/dashboard.md) with the most urgent devices at risk, to attach to
/// a ticket. It reads the store as the detection job last judged it; it does not judge.
/// </summary>
public static class ReportCommand
{
    public static Command Create(CliConsole console)
    {
        var store = new Option<string>("--store") { Description = "sqlite:PATH or postgres:CONNECTION_STRING", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The HTML file to write", Required = true };
        var top = new Option<int>("--top") { Description = $"How many of the most urgent devices at risk get their own page (default {DashboardReport.DefaultTop}, at most {DeviceQuery.MaxPageSize})", DefaultValueFactory = _ => DashboardReport.DefaultTop };
        var command = new Command("report", "Write the fleet dashboard as one self-contained HTML file: devices at risk, the runway chart, the pivot, a page per device")
        {
            store, output, top,
        };
        command.SetAction(parsed => Run(parsed.GetValue(store)!, parsed.GetValue(output)!, parsed.GetValue(top), console));
        return command;
    }

    public static int Run(string store, string output, int top, CliConsole console)
    {
        if (top is < 1 or > DeviceQuery.MaxPageSize)
        {
            throw new HeapLedgerException($"--top {top}: expected 1 to {DeviceQuery.MaxPageSize}");
        }

        var location = StoreLocation.Parse(store);
        if (location.Kind == StoreKind.Sqlite && !File.Exists(location.Target))
        {
            throw new HeapLedgerException($"{location}: no such store file");
        }

        var data = Task.Run(async () =>
        {
            await using var fleet = await FleetStores.OpenAsync(location, TimeProvider.System, console.Cancel).ConfigureAwait(false);
            return await DashboardReport.ReadAsync(fleet, top, TimeProvider.System.GetUtcNow(), console.Cancel).ConfigureAwait(false);
        }).GetAwaiter().GetResult();

        File.WriteAllText(output, DashboardReport.Html(data));
        console.Error.WriteLine($"heapledger: wrote {output}: {data.AtRisk.Devices.Count} of {data.AtRisk.Total} devices at risk, from {location}");
        return (int)ExitCode.Ok;
    }
}
