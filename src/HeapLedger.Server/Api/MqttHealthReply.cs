namespace HeapLedger.Server.Api;

/// <summary>
/// The MQTT ingest in <c>/api/v1/health</c>, counted since the service started: whether it is
/// connected to the broker, how often it connected, messages received, messages refused whole
/// (bad topic, no or wrong token, too large, not JSON), heartbeats accepted, duplicate and
/// rejected (invalid, another device's, unknown device), and store failures (each retried; the
/// message is acknowledged only once stored).
/// </summary>
public sealed record MqttHealthReply(
    bool Connected,
    long Connects,
    long Messages,
    long MessagesRefused,
    long HeartbeatsAccepted,
    long HeartbeatsDuplicate,
    long HeartbeatsRejected,
    long StoreFailures,
    DateTimeOffset? LastMessageAt);
