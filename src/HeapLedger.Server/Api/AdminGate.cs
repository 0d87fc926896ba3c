using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace HeapLedger.Server.Api;

/// <summary>
/// Guards the device list, device details and admin endpoints. With an admin token configured,
/// they need it as a bearer token; without one they are open, which the service allows only
/// when every address it listens on is loopback (<see cref="FleetServerOptions"/>).
/// </summary>
internal sealed class AdminGate(FleetServerOptions options) : IEndpointFilter
{
    private readonly byte[]? _expected = string.IsNullOrEmpty(options.AdminToken) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.AdminToken));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_expected is not null)
        {
            var token = Bearer.Token(context.HttpContext.Request);
            if (token is null)
            {
                return Bearer.Unauthorized(context.HttpContext, "this endpoint needs the admin token: Authorization: Bearer ADMIN_TOKEN");
            }

            // Hashes of equal length compared in fixed time: the comparison says nothing of the token.
            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), _expected))
            {
                return Bearer.Unauthorized(context.HttpContext, "the token is not the admin token");
            }
        }

        return await next(context).ConfigureAwait(false);
    }
}
