using HeapLedger.Fleet.Pivot;
using HeapLedger.Fleet.Storage;
using Microsoft.AspNetCore.Http;

namespace HeapLedger.Server.Api;

/// <summary>
/// <c>GET /api/v1/pivot</c>: the fleet pivot over every device's current verdict, latest
/// attributes and leaking sites, computed on request (one read of three tables, then the pivot:
/// about 0.1 s for 10,000 devices).
/// </summary>
internal static class PivotEndpoint
{
    public static async Task<IResult> GetAsync(IFleetStore store, CancellationToken cancel)
    {
        if (store is not IFleetAnalysisStore analysis)
        {
            return TypedResults.Json(new ApiError("unavailable", $"the {store.Location.Kind} store does not keep what the pivot reads yet"),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var devices = await analysis.ReadPivotDevicesAsync(cancel).ConfigureAwait(false);
        return TypedResults.Ok(PivotReply.From(new FleetPivot().Analyze(devices)));
    }
}
