using Microsoft.AspNetCore.Http;

namespace HeapLedger.Server.Api;

/// <summary>The token of an <c>Authorization: Bearer TOKEN</c> header, and the replies for a missing or wrong one.</summary>
internal static class Bearer
{
    public static string? Token(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    public static IResult Unauthorized(HttpContext http, string reason)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Json(new ApiError("unauthorized", reason), statusCode: StatusCodes.Status401Unauthorized);
    }
}
