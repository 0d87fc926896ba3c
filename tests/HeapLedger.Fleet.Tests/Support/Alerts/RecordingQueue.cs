using HeapLedger.Fleet.Alerts;

namespace HeapLedger.Fleet.Tests.Support.Alerts;

/// <summary>A queue that keeps what it is given and has room until told otherwise.</summary>
internal sealed class RecordingQueue : IAlertQueue
{
    private readonly List<AlertNotification> notifications = [];

    public bool HasRoom { get; set; } = true;

    public IReadOnlyList<AlertNotification> Notifications => notifications;

    public void Enqueue(AlertNotification notification) => notifications.Add(notification);
}
