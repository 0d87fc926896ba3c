using HeapLedger.Fleet.Storage;
using Microsoft.AspNetCore.Http;

namespace HeapLedger.Server.Api;

/// <summary><c>GET /api/v1/devices</c> and <c>GET /api/v1/devices/{id}</c>.</summary>
internal static class DeviceEndpoints
{
    public const int DefaultPageSize = 100;

    public static async Task<IResult> ListAsync(IFleetStore store, bool? atRisk, string? sort, int? page, int? pageSize, CancellationToken cancel)
    {
        var order = sort?.ToUpperInvariant() switch
        {
            null or "" or "URGENCY" => DeviceSort.Urgency,
            "DEVICE" => DeviceSort.Device,
            "LASTHEARTBEAT" => DeviceSort.LastHeartbeat,
            _ => (DeviceSort?)null,
        };
        if (order is null)
        {
            return BadRequest($"sort={sort}: expected urgency (most urgent first), device or lastHeartbeat");
        }

        if (page is < 1 || pageSize is < 1 or > DeviceQuery.MaxPageSize)
        {
            return BadRequest($"page={page}, pageSize={pageSize}: pages count from 1 and hold 1 to {DeviceQuery.MaxPageSize} devices");
        }

        var query = new DeviceQuery(atRisk ?? false, order.Value, page ?? 1, pageSize ?? DefaultPageSize);
        var found = await store.ListDevicesAsync(query, cancel).ConfigureAwait(false);
        return TypedResults.Ok(new DeviceListReply(DeviceListReply.Version, query.Page, query.PageSize, found.Total, [.. found.Devices.Select(DeviceReply.From)]));
    }

    /// <summary>The device and its last <paramref name="days"/> (default 30) of heartbeats before its latest one, at most 10,000, and its sites.</summary>
    public static async Task<IResult> GetAsync(IFleetStore store, string id, int? days, CancellationToken cancel)
    {
        if (days is < 1 or > 3650)
        {
            return BadRequest($"days={days}: expected 1 to 3650");
        }

        var detail = await DeviceDetailReply.ReadAsync(store, id, TimeSpan.FromDays(days ?? 30), cancel).ConfigureAwait(false);
        return detail is null ? NotFound(id) : TypedResults.Ok(detail);
    }

    /// <summary>
    /// Marks the device fixed as of <paramref name="at"/> (heartbeat time; default its latest
    /// heartbeat): every firing alert of it resolves with reason "fixed", and judgements resting on
    /// heartbeats up to then cannot fire again. A leak seen in later heartbeats fires anew.
    /// </summary>
    public static async Task<IResult> MarkFixedAsync(IFleetStore store, FleetAlerts alerts, TimeProvider clock, string id, DateTimeOffset? at, CancellationToken cancel)
    {
        var detail = await store.GetDeviceAsync(id, TimeSpan.FromMinutes(1), 1, cancel).ConfigureAwait(false);
        if (detail is null)
        {
            return NotFound(id);
        }

        var fixedAt = at ?? detail.Summary.LastHeartbeat ?? clock.GetUtcNow();
        var resolved = alerts.Evaluator is { } evaluator ? await evaluator.MarkFixedAsync(id, fixedAt, cancel).ConfigureAwait(false) : [];
        return TypedResults.Ok(new FixedReply(id, fixedAt, [.. resolved.Select(n => n.Rule)]));
    }

    private static IResult NotFound(string id) => TypedResults.Json(new ApiError("not-found", $"no device \"{id}\""), statusCode: StatusCodes.Status404NotFound);

    private static IResult BadRequest(string reason) => TypedResults.Json(new ApiError("bad-request", reason), statusCode: StatusCodes.Status400BadRequest);
}
