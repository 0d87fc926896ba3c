using System.Buffers;
using System.Threading.Channels;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace HeapLedger.Server.Mqtt;

/// <summary>
/// Heartbeats over MQTT: a persistent session (MQTT 5, clean start off, a session expiry) with a
/// QoS 1 subscription to <see cref="MqttSettings.TopicFilter"/>, so the broker queues what
/// devices publish while the service is away and delivers it on reconnection. Every message is
/// acknowledged (PUBACK) only after its heartbeats are committed, or once it is refused for good
/// (a bad payload will not get better by redelivery): a process that dies before the commit gets
/// the message again, and the store answers it "duplicate" if the commit had happened.
/// <para>
/// Messages are handed from MQTTnet's receive loop to <see cref="MqttSettings.MaxInFlight"/>
/// workers, so that many commit together (group commit), and acknowledged in the order they
/// arrived, as MQTT asks. A store failure is retried with backoff and nothing after it is
/// acknowledged meanwhile; a bad message is logged, counted and acknowledged, never fatal. The
/// connection is kept with a backoff of 1 s doubling to 1 min.
/// </para>
/// </summary>
internal sealed partial class MqttIngestService(
    FleetServerOptions options,
    IngestService ingest,
    TokenAuthenticator authenticator,
    TimeProvider clock,
    ILogger<MqttIngestService> log) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    /// <summary>How long start-up waits for the first connection and subscription.</summary>
    private static readonly TimeSpan FirstConnectionWait = TimeSpan.FromSeconds(10);

    private readonly MqttSettings _settings = options.Mqtt;
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _lastAcknowledged = Task.CompletedTask;
    private int _connection;

    public MqttIngestStats Stats { get; } = new();

    public bool Enabled => _settings.Enabled;

    /// <summary>
    /// Returns once the first connection and subscription are made or have failed (at most
    /// <see cref="FirstConnectionWait"/>), so that the service says it listens only once it also
    /// takes MQTT messages, when the broker answers. A broker that does not is retried in the background.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
        if (_settings.Enabled)
        {
            try
            {
                await _firstAttempt.Task.WaitAsync(FirstConnectionWait, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // still trying: the log says why
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_settings.Enabled)
        {
            return;
        }

        var received = Channel.CreateBounded<Received>(new BoundedChannelOptions(_settings.MaxInFlight) { FullMode = BoundedChannelFullMode.Wait });
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e => OnReceivedAsync(e, received.Writer, stoppingToken);
        client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !stoppingToken.IsCancellationRequested)
            {
                Disconnected(log, e.Reason.ToString(), e.Exception?.Message);
            }

            return Task.CompletedTask;
        };

        var workers = Enumerable.Range(0, _settings.MaxInFlight).Select(_ => WorkAsync(received.Reader, client, stoppingToken)).ToArray();
        try
        {
            await KeepConnectedAsync(client, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: what is not acknowledged yet is redelivered to the next start
        }
        finally
        {
            received.Writer.TryComplete();
            await Task.WhenAll(workers).ConfigureAwait(false);
            if (client.IsConnected)
            {
                Stats.Connected = false;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // the broker goes away too: the session is kept either way
                }
            }
        }
    }

    private async Task KeepConnectedAsync(IMqttClient client, CancellationToken stoppingToken)
    {
        var connect = ClientOptions();
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await client.ConnectAsync(connect, stoppingToken).ConfigureAwait(false);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
                }

                Interlocked.Increment(ref _connection);
                var subscribe = new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(f => f.WithTopic(_settings.TopicFilter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                    .Build();
                var granted = await client.SubscribeAsync(subscribe, stoppingToken).ConfigureAwait(false);
                if (granted.Items.FirstOrDefault()?.ResultCode is { } code && code > MqttClientSubscribeResultCode.GrantedQoS2)
                {
                    throw new InvalidOperationException($"the broker refused the subscription to {_settings.TopicFilter}: {code}");
                }

                Stats.Connect();
                Stats.Connected = true;
                Connected(log, _settings.Host!, _settings.Port, _settings.TopicFilter, _settings.ClientId, result.IsSessionPresent);
                _firstAttempt.TrySetResult();
                backoff = TimeSpan.FromSeconds(1);
                while (client.IsConnected)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), clock, stoppingToken).ConfigureAwait(false);
                }

                Stats.Connected = false;
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                Stats.Connected = false;
                ConnectFailed(log, _settings.Host!, _settings.Port, backoff.TotalSeconds, e.GetBaseException().Message);
                _firstAttempt.TrySetResult();
                if (client.IsConnected)
                {
                    try
                    {
                        await client.DisconnectAsync(new MqttClientDisconnectOptions(), stoppingToken).ConfigureAwait(false);
                    }
                    catch (Exception) when (!stoppingToken.IsCancellationRequested)
                    {
                        // reconnecting anyway
                    }
                }
            }

            // Equal jitter: a fleet of services restarted together does not reconnect in step.
            var wait = backoff * (0.5 + (Random.Shared.NextDouble() / 2));
            await Task.Delay(wait, clock, stoppingToken).ConfigureAwait(false);
            backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
        }
    }

    private MqttClientOptions ClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.Port)
            .WithClientId(_settings.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_settings.SessionExpirySeconds)
            .WithReceiveMaximum((ushort)_settings.MaxInFlight)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (_settings.Username is { Length: > 0 } user)
        {
            builder.WithCredentials(user, _settings.Password);
        }

        if (_settings.Tls)
        {
            builder.WithTlsOptions(tls => tls.UseTls());
        }

        return MqttSockets.WithLargeBuffers(builder.Build());
    }

    /// <summary>
    /// MQTTnet's receive loop: takes the message off its buffers (they may be reused once this
    /// returns) and queues it, waiting when the workers are all busy.
    /// </summary>
    private async Task OnReceivedAsync(MqttApplicationMessageReceivedEventArgs e, ChannelWriter<Received> queue, CancellationToken stoppingToken)
    {
        e.AutoAcknowledge = false;
        var message = e.ApplicationMessage;
        var authorization = message.UserProperties?.FirstOrDefault(p => string.Equals(p.Name, "authorization", StringComparison.OrdinalIgnoreCase))?.ReadValueAsString();
        var item = new Received(e, Volatile.Read(ref _connection), message.Topic, message.Payload.ToArray(), message.ContentType,
            authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization,
            _lastAcknowledged);
        _lastAcknowledged = item.Acknowledged.Task;
        Stats.Message(clock.GetUtcNow());
        try
        {
            await queue.WriteAsync(item, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            item.Acknowledged.TrySetResult(); // stopping: not acknowledged, redelivered next time
        }
    }

    private async Task WorkAsync(ChannelReader<Received> queue, IMqttClient client, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in queue.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var done = await SafelyHandleAsync(item, stoppingToken).ConfigureAwait(false);
                    await item.Previous.ConfigureAwait(false);
                    // A message of an earlier connection is redelivered on this one: its old packet id means nothing now.
                    if (done && item.Connection == Volatile.Read(ref _connection) && client.IsConnected)
                    {
                        await item.Event.AcknowledgeAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    AcknowledgeFailed(log, item.Topic, e.Message); // the connection went: the broker redelivers
                }
                finally
                {
                    item.Acknowledged.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One message on its way: <see cref="Previous"/> completes when the one received before it was acknowledged (or given up).</summary>
    private sealed record Received(
        MqttApplicationMessageReceivedEventArgs Event,
        int Connection,
        string Topic,
        byte[] Payload,
        string? ContentType,
        string? Token,
        Task Previous)
    {
        public TaskCompletionSource Acknowledged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: connected to {Host}:{Port}, subscribed to {TopicFilter} as {ClientId} (session kept by the broker: {SessionPresent})")]
    private static partial void Connected(ILogger logger, string host, int port, string topicFilter, string clientId, bool sessionPresent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: disconnected ({Reason}: {Error}); reconnecting")]
    private static partial void Disconnected(ILogger logger, string reason, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT: cannot connect to {Host}:{Port} ({Error}); trying again in about {Seconds} s")]
    private static partial void ConnectFailed(ILogger logger, string host, int port, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT: could not acknowledge a message on {Topic} ({Error}); the broker redelivers it")]
    private static partial void AcknowledgeFailed(ILogger logger, string topic, string error);
}
