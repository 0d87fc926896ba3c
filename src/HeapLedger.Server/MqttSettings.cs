namespace HeapLedger.Server;

/// <summary>The <c>Mqtt</c> section, for the MQTT ingest to come (issue 5): read, not yet used.</summary>
public sealed class MqttSettings
{
    public bool Enabled { get; set; }

    /// <summary>e.g. mqtt://127.0.0.1:1883.</summary>
    public string? Broker { get; set; }

    public string Topic { get; set; } = "devices/+/heap";
}
