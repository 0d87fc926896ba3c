using System.Buffers;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeapLedger.Server.Api;

/// <summary>
/// <c>POST /api/v1/heartbeats</c>. 200: every heartbeat accepted or duplicate. 422: some rejected
/// (the reply says which and why; those marked accepted or duplicate are stored). 403: every
/// heartbeat was for a device the token may not post for. 400: the body is not JSON or NDJSON
/// (the reason names the line and byte); 413: too large; 401: no valid token; 503: the store
/// failed and nothing is acknowledged. A heartbeat is acknowledged only once it is durably stored.
/// </summary>
internal static partial class HeartbeatEndpoint
{
    public static async Task<IResult> PostAsync(HttpContext http, TokenAuthenticator authenticator, IngestService ingest, FleetServerOptions options,
        TimeProvider clock, ILogger<IngestService> log, CancellationToken cancel)
    {
        var token = Bearer.Token(http.Request);
        if (token is null)
        {
            return Bearer.Unauthorized(http, "missing Authorization: Bearer TOKEN (a device's or a hub's token, from heapledger devices add)");
        }

        var caller = await authenticator.AuthenticateAsync(token, cancel).ConfigureAwait(false);
        if (caller is null)
        {
            return Bearer.Unauthorized(http, "the bearer token is not a registered device's or hub's token");
        }

        var limits = options.Limits;
        if (http.Request.ContentLength > limits.MaxBodyBytes)
        {
            return TooLarge(http.Request.ContentLength.Value, limits);
        }

        var body = new ArrayBufferWriter<byte>(Math.Clamp((int)(http.Request.ContentLength ?? 4096), 16, limits.MaxBodyBytes));
        if (!await ReadAsync(http.Request.Body, body, limits.MaxBodyBytes, cancel).ConfigureAwait(false))
        {
            return TooLarge(null, limits);
        }

        var parsed = HeartbeatParser.Parse(body.WrittenSpan, FormatOf(http.Request.ContentType), clock.GetUtcNow(), limits);
        if (parsed.Error is { } error)
        {
            return error.TooLarge
                ? TypedResults.Json(new ApiError("too-large", error.Message), statusCode: StatusCodes.Status413PayloadTooLarge)
                : TypedResults.Json(new ApiError("bad-request", error.Message), statusCode: StatusCodes.Status400BadRequest);
        }

        IngestReply reply;
        try
        {
            reply = await ingest.IngestAsync(caller, parsed.Items, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            StoreFailed(log, e);
            return TypedResults.Json(new ApiError("unavailable", "the store failed: nothing in this request is acknowledged; retry it (heartbeats already stored will be answered \"duplicate\")"),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (reply.Rejected > 0)
        {
            RejectedItems(log, reply.Rejected, parsed.Items.Count, caller.Kind, caller.Name, reply.Items.First(i => i.Status == ItemStatus.Rejected).Reason);
        }

        var status = reply.AllForbidden ? StatusCodes.Status403Forbidden
            : reply.Rejected > 0 ? StatusCodes.Status422UnprocessableEntity
            : StatusCodes.Status200OK;
        return TypedResults.Json(HeartbeatReply.From(reply), statusCode: status);
    }

    private static BodyFormat FormatOf(string? contentType) =>
        contentType is not null && (contentType.Contains("ndjson", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("jsonl", StringComparison.OrdinalIgnoreCase))
            ? BodyFormat.Ndjson
            : BodyFormat.Json;

    /// <summary>Reads the body into <paramref name="buffer"/>; false when it is longer than <paramref name="max"/>.</summary>
    private static async Task<bool> ReadAsync(Stream body, ArrayBufferWriter<byte> buffer, int max, CancellationToken cancel)
    {
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(Math.Min(64 << 10, max + 1 - buffer.WrittenCount));
                var read = await body.ReadAsync(memory, cancel).ConfigureAwait(false);
                if (read == 0)
                {
                    return true;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > max)
                {
                    return false;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }
    }

    private static IResult TooLarge(long? length, HeartbeatLimits limits) => TypedResults.Json(
        new ApiError("too-large", $"the body{(length is { } n ? $" of {n} bytes" : string.Empty)} is larger than {limits.MaxBodyBytes} bytes (MaxBodyBytes); send smaller batches"),
        statusCode: StatusCodes.Status413PayloadTooLarge);

    [LoggerMessage(Level = LogLevel.Error, Message = "The store failed to take heartbeats; the request was answered 503")]
    private static partial void StoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Rejected} of {Count} heartbeats from {Kind} {Name}; first reason: {Reason}")]
    private static partial void RejectedItems(ILogger logger, int rejected, int count, CallerKind kind, string name, string? reason);
}
