using HeapLedger.Server.Api;

namespace HeapLedger.Server.Mqtt;

/// <summary>The MQTT ingest's counters since start, for <c>/api/v1/health</c>; safe to update from many threads.</summary>
internal sealed class MqttIngestStats
{
    private long _connects;
    private long _messages;
    private long _refused;
    private long _accepted;
    private long _duplicate;
    private long _rejected;
    private long _storeFailures;
    private long _lastMessageAt = long.MinValue;
    private int _connected;

    public bool Connected
    {
        get => Volatile.Read(ref _connected) != 0;
        set => Volatile.Write(ref _connected, value ? 1 : 0);
    }

    public void Connect() => Interlocked.Increment(ref _connects);

    public void Message(DateTimeOffset at)
    {
        Interlocked.Increment(ref _messages);
        Interlocked.Exchange(ref _lastMessageAt, at.ToUnixTimeMilliseconds());
    }

    public void Refused() => Interlocked.Increment(ref _refused);

    public void Stored(int accepted, int duplicate, int rejected)
    {
        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _duplicate, duplicate);
        Interlocked.Add(ref _rejected, rejected);
    }

    public void StoreFailed() => Interlocked.Increment(ref _storeFailures);

    public MqttHealthReply Snapshot()
    {
        var last = Interlocked.Read(ref _lastMessageAt);
        return new MqttHealthReply(Connected, Interlocked.Read(ref _connects), Interlocked.Read(ref _messages), Interlocked.Read(ref _refused),
            Interlocked.Read(ref _accepted), Interlocked.Read(ref _duplicate), Interlocked.Read(ref _rejected), Interlocked.Read(ref _storeFailures),
            last == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(last));
    }
}
