using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Ingest;
using Microsoft.Extensions.Logging;

namespace HeapLedger.Server.Mqtt;

/// <summary>One message: the topic's device, the payload's heartbeats, the token, then the store.</summary>
internal sealed partial class MqttIngestService
{
    private static readonly TimeSpan MaxStoreBackoff = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <see cref="HandleAsync"/>, with a failure of its own (not the store's, which is retried
    /// there) taken as a refusal: logged, counted and acknowledged, so that one message that trips
    /// a bug is not redelivered for ever, and the subscription goes on.
    /// </summary>
    private async Task<bool> SafelyHandleAsync(Received item, CancellationToken stoppingToken)
    {
        try
        {
            return await HandleAsync(item, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            Stats.Refused();
            HandlingFailed(log, item.Topic, e);
            return true;
        }
    }

    /// <summary>Stores what the message holds; true once it may be acknowledged (stored, or refused for good).</summary>
    private async Task<bool> HandleAsync(Received item, CancellationToken stoppingToken)
    {
        var (device, problem) = MqttHeartbeats.DeviceOf(item.Topic, _settings);
        if (device is null)
        {
            return Refuse(item, problem!);
        }

        var limits = options.Limits;
        if (item.Payload.Length > limits.MaxBodyBytes)
        {
            return Refuse(item, $"the payload of {item.Payload.Length} bytes is larger than {limits.MaxBodyBytes} bytes (MaxBodyBytes)");
        }

        var parsed = HeartbeatParser.Parse(item.Payload, MqttHeartbeats.FormatOf(item.Payload, item.ContentType), clock.GetUtcNow(), limits);
        if (parsed.Error is { } error)
        {
            return Refuse(item, error.Message);
        }

        var token = item.Token ?? MqttHeartbeats.TokenIn(item.Payload);
        if (token is not null)
        {
            var caller = await RetryAsync(() => authenticator.AuthenticateAsync(token, stoppingToken).AsTask(), stoppingToken).ConfigureAwait(false);
            if (caller is null)
            {
                return Refuse(item, "the token is not a registered device's or hub's token");
            }

            if (!caller.MayPostFor(device))
            {
                return Refuse(item, $"forbidden: the token of device \"{caller.Name}\" may publish only that device's heartbeats");
            }
        }
        else if (_settings.RequireToken)
        {
            return Refuse(item, "no token (Mqtt:RequireToken): send the user property \"authorization: Bearer TOKEN\" or a \"token\" member");
        }

        var items = MqttHeartbeats.ForDevice(parsed.Items, device);
        var reply = await RetryAsync(() => ingest.IngestAsync(Caller.Device(device), items, stoppingToken), stoppingToken).ConfigureAwait(false);
        Stats.Stored(reply.Accepted, reply.Duplicate, reply.Rejected);
        if (reply.Rejected > 0)
        {
            RejectedItems(log, reply.Rejected, items.Count, item.Topic, reply.Items.First(i => i.Status == ItemStatus.Rejected).Reason);
        }

        return true;
    }

    private bool Refuse(Received item, string reason)
    {
        Stats.Refused();
        Refused(log, item.Topic, reason);
        return true;
    }

    /// <summary>Store work, retried with backoff until it succeeds or the service stops: nothing is acknowledged before it is stored.</summary>
    private async Task<T> RetryAsync<T>(Func<Task<T>> work, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                return await work().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                Stats.StoreFailed();
                StoreFailed(log, backoff.TotalSeconds, e);
                await Task.Delay(backoff, clock, stoppingToken).ConfigureAwait(false);
                backoff = backoff * 2 < MaxStoreBackoff ? backoff * 2 : MaxStoreBackoff;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: message on {Topic} refused: {Reason}")]
    private static partial void Refused(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: rejected {Rejected} of {Count} heartbeats on {Topic}; first reason: {Reason}")]
    private static partial void RejectedItems(ILogger logger, int rejected, int count, string topic, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT: the store failed; retrying in {Seconds} s (the message is not acknowledged meanwhile)")]
    private static partial void StoreFailed(ILogger logger, double seconds, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT: a message on {Topic} could not be handled; it is counted as refused and acknowledged")]
    private static partial void HandlingFailed(ILogger logger, string topic, Exception exception);
}
