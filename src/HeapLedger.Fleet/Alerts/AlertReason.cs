namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// Why a notification was sent. JSON: matched (the rule began to hold), recovered (it stopped
/// holding for the quiet time), fixed (someone marked the device fixed).
/// </summary>
public enum AlertReason
{
    Matched,
    Recovered,
    Fixed,
}
