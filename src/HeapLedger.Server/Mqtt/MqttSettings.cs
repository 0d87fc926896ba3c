using HeapLedger.Core;

namespace HeapLedger.Server.Mqtt;

/// <summary>
/// The <c>Mqtt</c> section: the broker the service subscribes to for heartbeats
/// (docs/fleet-service.md, "MQTT"). The device id is the topic level the filter's <c>+</c> stands for.
/// </summary>
public sealed class MqttSettings
{
    public const string DefaultTopicFilter = "devices/+/heap";

    public bool Enabled { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 1883;

    /// <summary>TLS to the broker (usually port 8883), with the system's trusted roots.</summary>
    public bool Tls { get; set; }

    /// <summary>Exactly one <c>+</c> level, the device id; no <c>#</c>.</summary>
    public string TopicFilter { get; set; } = DefaultTopicFilter;

    /// <summary>The session's name at the broker: the same one after a restart is what gets the messages queued meanwhile.</summary>
    public string ClientId { get; set; } = "heapledger-fleet";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>How long the broker keeps the session (subscription and queued messages) while the service is away.</summary>
    public int SessionExpirySeconds { get; set; } = 7 * 86_400;

    /// <summary>Refuse messages that carry no device or hub token (by default the broker's ACL is trusted).</summary>
    public bool RequireToken { get; set; }

    /// <summary>Messages received and not yet acknowledged at once (MQTT 5 receive maximum): what group commit can gather.</summary>
    public int MaxInFlight { get; set; } = 100;

    /// <summary>The index of the device id's level in <see cref="TopicFilter"/>.</summary>
    public int DeviceLevel => Array.IndexOf(TopicFilter.Split('/'), "+");

    /// <summary>Exactly one level that is <c>+</c> (the device id), no other <c>+</c> and no <c>#</c>: a filter for the service, a template for a publisher.</summary>
    public static bool HasOneDeviceLevel(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var levels = topic.Split('/');
        return levels.Count(static l => l == "+") == 1
            && !levels.Any(static l => l.Contains('#', StringComparison.Ordinal) || (l != "+" && l.Contains('+', StringComparison.Ordinal)));
    }

    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new HeapLedgerException("Mqtt:Enabled is true but Mqtt:Host is not set (e.g. 127.0.0.1)");
        }

        if (Port is < 1 or > 65_535)
        {
            throw new HeapLedgerException($"Mqtt:Port {Port}: expected 1 to 65535");
        }

        if (!HasOneDeviceLevel(TopicFilter))
        {
            throw new HeapLedgerException($"Mqtt:TopicFilter \"{TopicFilter}\": expected exactly one \"+\" level, the device id, and no \"#\" (e.g. {DefaultTopicFilter})");
        }

        if (string.IsNullOrWhiteSpace(ClientId) || ClientId.Length > 128)
        {
            throw new HeapLedgerException($"Mqtt:ClientId \"{ClientId}\": expected 1 to 128 characters, the same on every start");
        }

        if (SessionExpirySeconds < 0 || MaxInFlight is < 1 or > 65_535)
        {
            throw new HeapLedgerException($"Mqtt:SessionExpirySeconds {SessionExpirySeconds} / MaxInFlight {MaxInFlight}: expected 0 or more seconds and 1 to 65535 messages");
        }
    }
}
