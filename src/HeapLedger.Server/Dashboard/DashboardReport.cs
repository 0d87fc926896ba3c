using System.Text.Json;
using HeapLedger.Fleet.Pivot;
using HeapLedger.Fleet.Storage;
using HeapLedger.Server.Api;

namespace HeapLedger.Server.Dashboard;

/// <summary>
/// The dashboard as one HTML file (<c>heapledger report</c>): the runway chart, the pivot, and the
/// most urgent devices at risk with each one's page, read from the store in the API's own shapes
/// and embedded as JSON beside the dashboard's own script.
/// </summary>
public static class DashboardReport
{
    public const int DefaultTop = 25;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new UtcSecondsConverter() },
    };

    /// <summary>Reads the <paramref name="top"/> most urgent devices at risk (and no more) and returns the page.</summary>
    public static async Task<DashboardReportData> ReadAsync(IFleetStore store, int top, DateTimeOffset now, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, DeviceQuery.MaxPageSize);
        var atRisk = await store.ListDevicesAsync(new DeviceQuery(true, DeviceSort.Urgency, 1, top), cancel).ConfigureAwait(false);
        var details = new Dictionary<string, DeviceDetailReply>(StringComparer.Ordinal);
        foreach (var device in atRisk.Devices)
        {
            if (await DeviceDetailReply.ReadAsync(store, device.Device, TimeSpan.FromDays(3650), cancel).ConfigureAwait(false) is { } detail)
            {
                details[device.Device] = detail;
            }
        }

        var pivot = store is IFleetAnalysisStore analysis
            ? PivotReply.From(new FleetPivot().Analyze(await analysis.ReadPivotDevicesAsync(cancel).ConfigureAwait(false)))
            : new PivotReply(PivotReply.Version, 0, 0, 0, 0, [], 0, [], []);
        return new DashboardReportData(DashboardReportData.Version, now, store.Location.ToString(),
            new DeviceListReply(DeviceListReply.Version, 1, top, atRisk.Total, [.. atRisk.Devices.Select(DeviceReply.From)]),
            await RunwayReply.ReadAsync(store, cancel).ConfigureAwait(false), pivot, details);
    }

    public static string Html(DashboardReportData data) => DashboardAssets.SelfContainedPage(JsonSerializer.Serialize(data, Json));
}
