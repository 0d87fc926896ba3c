using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HeapLedger.Server.Dashboard;

/// <summary>
/// <c>/</c> and <c>/devices/{id}</c> (the same page; its script reads the address), and its script
/// and stylesheet. They hold no data, so they are open; the page reads the API, which keeps the
/// admin token gate, and asks for the token when the API answers 401.
/// </summary>
internal static class DashboardEndpoints
{
    // Only this origin, and only for the page's own script, style and API calls.
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly byte[] Page = Encoding.UTF8.GetBytes(DashboardAssets.ServedPage);
    private static readonly byte[] Script = Encoding.UTF8.GetBytes(DashboardAssets.Script);
    private static readonly byte[] Style = Encoding.UTF8.GetBytes(DashboardAssets.Style);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http) => Serve(http, Page, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/devices/{id}", (HttpContext http) => Serve(http, Page, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/dashboard.js", (HttpContext http) => Serve(http, Script, "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/dashboard.css", (HttpContext http) => Serve(http, Style, "text/css; charset=utf-8")).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext http, byte[] body, string contentType)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return TypedResults.Bytes(body, contentType);
    }
}
