using System.Diagnostics;
using System.Text;
using HeapLedger.Core;
using HeapLedger.Fleet;
using HeapLedger.Fleet.Simulation;
using HeapLedger.Fleet.Storage;
using HeapLedger.Server.Mqtt;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace HeapLedger.Cli.Simulate;

/// <summary>
/// Publishes a simulated fleet to a broker as its devices would: one heartbeat per message on
/// <paramref name="topic"/> (<c>devices/+/heap</c> by default, the <c>+</c> replaced by the
/// device id) at QoS 1, in time order, a few unacknowledged at once, with the hub token as the
/// user property <c>authorization</c> when there is one.
/// <para>
/// A real fleet publishes hourly; the simulator publishes weeks in seconds. A broker drops what
/// it cannot queue for a subscriber that lags (mosquitto's <c>max_queued_messages</c>, 1,000 by
/// default) while still acknowledging the publisher: the broker's acknowledgement does not say
/// the service has it. So when the service's store is known
/// (<paramref name="store"/>, from <c>--register-in</c>), the sender keeps at most
/// <see cref="Backlog"/> heartbeats published ahead of the service: before publishing more it
/// waits until the heartbeat published <see cref="Backlog"/> earlier is stored (one index lookup;
/// one publisher's messages reach the subscriber in order). If that heartbeat does not appear
/// within <paramref name="stall"/> (no service subscribed to this topic, or one that refuses it),
/// the send fails, naming it.
/// </para>
/// </summary>
internal sealed class MqttHeartbeatSender(string host, int port, string topic, string? token, int concurrency, IFleetStore? store, TimeSpan stall)
{
    public const int Backlog = 600;
    private const int Chunk = 200;

    public async Task<SendCounts> SendAsync(SimulatedFleet fleet, IProgress<long> progress, CancellationToken cancel)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            await client.ConnectAsync(MqttSockets.WithLargeBuffers(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId($"heapledger-simulate-{Guid.NewGuid():N}").Build()), cancel).ConfigureAwait(false);
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException e)
        {
            throw new HeapLedgerException($"MQTT broker {host}:{port}: {e.Message}", e);
        }

        long sent = 0;
        var published = new Queue<Heartbeat>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancel };
        foreach (var chunk in fleet.InTimeOrder().Chunk(Chunk))
        {
            await Parallel.ForEachAsync(chunk, parallel, async (heartbeat, ct) =>
            {
                var message = new MqttApplicationMessageBuilder().WithTopic(TopicOf(heartbeat.Device))
                    .WithPayload(HeartbeatJson.Object(heartbeat)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
                if (token is not null)
                {
                    message.WithUserProperty("authorization", new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes($"Bearer {token}")));
                }

                var result = await client.PublishAsync(message.Build(), ct).ConfigureAwait(false);
                if (!result.IsSuccess)
                {
                    throw new HeapLedgerException($"MQTT broker {host}:{port} refused a publish to {TopicOf(heartbeat.Device)}: {result.ReasonCode} {result.ReasonString}");
                }
            }).ConfigureAwait(false);
            sent += chunk.Length;
            progress.Report(sent);
            if (store is null)
            {
                continue;
            }

            foreach (var heartbeat in chunk)
            {
                published.Enqueue(heartbeat);
            }

            Heartbeat? behind = null;
            while (published.Count > Backlog)
            {
                behind = published.Dequeue();
            }

            if (behind is not null)
            {
                await WaitUntilStoredAsync(store, behind, cancel).ConfigureAwait(false);
            }
        }

        await client.DisconnectAsync(cancellationToken: cancel).ConfigureAwait(false);
        return new SendCounts(sent, null, null, null);
    }

    private async Task WaitUntilStoredAsync(IFleetStore store, Heartbeat heartbeat, CancellationToken cancel)
    {
        var waiting = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(2);
        while (!await store.HasHeartbeatAsync(heartbeat.Device, heartbeat.Seq, cancel).ConfigureAwait(false))
        {
            if (waiting.Elapsed > stall)
            {
                throw new HeapLedgerException($"the service has not stored {heartbeat.Device}'s heartbeat {heartbeat.Seq} {stall.TotalSeconds:0} s after it was published to {TopicOf(heartbeat.Device)} on {host}:{port}: is a service subscribed to {topic} on this broker, with this store?");
            }

            await Task.Delay(pause, cancel).ConfigureAwait(false);
            pause = pause * 2 < TimeSpan.FromMilliseconds(100) ? pause * 2 : TimeSpan.FromMilliseconds(100);
        }
    }

    private string TopicOf(string device) => string.Join('/', topic.Split('/').Select(level => level == "+" ? device : level));
}
