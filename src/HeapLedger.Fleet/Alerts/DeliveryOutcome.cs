namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// How one notification's delivery ended.
/// </summary>
/// <param name="Delivered">A 2xx came back; false when it was given up.</param>
/// <param name="Attempts">Requests made.</param>
/// <param name="LastStatus">The last HTTP status; null when the last attempt timed out or could not connect.</param>
/// <param name="Waits">The wait before each retry, in order (one fewer than the attempts).</param>
public sealed record DeliveryOutcome(AlertNotification Notification, bool Delivered, int Attempts, int? LastStatus, IReadOnlyList<TimeSpan> Waits);
