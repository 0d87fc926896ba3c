namespace HeapLedger.Fleet.Alerts;

/// <summary>Where the evaluator hands saved notifications for delivery: never blocks.</summary>
public interface IAlertQueue
{
    /// <summary>
    /// False when the queue is full: the evaluator then leaves the state as it was, so the same
    /// transition is found again at the device's next judgement.
    /// </summary>
    bool HasRoom { get; }

    void Enqueue(AlertNotification notification);
}
