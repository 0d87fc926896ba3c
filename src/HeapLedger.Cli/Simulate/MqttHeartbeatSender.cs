using System.Text;
using HeapLedger.Core;
using HeapLedger.Fleet.Simulation;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace HeapLedger.Cli.Simulate;

/// <summary>
/// Publishes a simulated fleet to a broker as its devices would: one heartbeat per message on
/// <c>devices/ID/heap</c> at QoS 1, in time order, a few unacknowledged at once. The broker's
/// acknowledgement is all a publisher gets; whether the service stored them is its health counters'.
/// </summary>
internal sealed class MqttHeartbeatSender(string host, int port, string? token, int concurrency)
{
    public async Task<SendCounts> SendAsync(SimulatedFleet fleet, IProgress<long> progress, CancellationToken cancel)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId($"heapledger-simulate-{Guid.NewGuid():N}").Build(), cancel).ConfigureAwait(false);
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException e)
        {
            throw new HeapLedgerException($"MQTT broker {host}:{port}: {e.Message}", e);
        }

        long sent = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancel };
        await Parallel.ForEachAsync(fleet.InTimeOrder(), parallel, async (heartbeat, ct) =>
        {
            var message = new MqttApplicationMessageBuilder().WithTopic($"devices/{heartbeat.Device}/heap")
                .WithPayload(HeartbeatJson.Object(heartbeat)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
            if (token is not null)
            {
                message.WithUserProperty("authorization", new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes($"Bearer {token}")));
            }

            var result = await client.PublishAsync(message.Build(), ct).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                throw new HeapLedgerException($"MQTT broker {host}:{port} refused a publish to devices/{heartbeat.Device}/heap: {result.ReasonCode} {result.ReasonString}");
            }

            var count = Interlocked.Increment(ref sent);
            if (count % 1000 == 0)
            {
                progress.Report(count);
            }
        }).ConfigureAwait(false);
        await client.DisconnectAsync(cancellationToken: cancel).ConfigureAwait(false);
        return new SendCounts(sent, null, null, null);
    }
}
