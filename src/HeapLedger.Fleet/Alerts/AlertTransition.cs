namespace HeapLedger.Fleet.Alerts;

/// <summary>What a notification says happened. JSON (the payload's "state"): firing, resolved.</summary>
public enum AlertTransition
{
    Firing,
    Resolved,
}
