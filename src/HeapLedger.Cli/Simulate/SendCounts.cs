namespace HeapLedger.Cli.Simulate;

/// <summary>What the service made of the heartbeats sent: over MQTT only <see cref="Sent"/> is known (the broker acknowledges, not the service).</summary>
internal sealed record SendCounts(long Sent, long? Accepted, long? Duplicate, long? Rejected);
