using MQTTnet;

namespace HeapLedger.Server.Mqtt;

/// <summary>
/// MQTTnet sets the socket's buffers to 8 KiB, which turns off the kernel's autotuning. With
/// heartbeats a few hundred bytes each, a subscriber that pauses for one slow commit fills that
/// buffer, the kernel clamps the receive window, and the broker then sends a few messages per
/// delayed acknowledgement: measured 100 messages a second instead of thousands, for good, on
/// that connection. A megabyte rides out the pause.
/// </summary>
public static class MqttSockets
{
    public const int BufferBytes = 1 << 20;

    public static MqttClientOptions WithLargeBuffers(MqttClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChannelOptions is MqttClientTcpOptions tcp)
        {
            tcp.BufferSize = BufferBytes;
            tcp.NoDelay = true;
        }

        return options;
    }
}
