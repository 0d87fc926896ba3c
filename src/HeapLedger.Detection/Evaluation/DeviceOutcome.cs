namespace HeapLedger.Detection.Evaluation;

/// <summary>How one detector did on one device, replayed prefix by prefix.</summary>
/// <param name="FirstAlert">
/// The first judgement instant at which it said "leaking" while the device really was leaking (at
/// or after the onset); null if it never did before the device went silent or the window closed.
/// For a healthy device this stays null: its alerts are counted in <paramref name="FalseAlerts"/>.
/// </param>
/// <param name="ForecastAtFirstAlert">The exhaustion time it forecast at <paramref name="FirstAlert"/>, if it made one.</param>
/// <param name="FalseAlerts">Alerts raised while the device was healthy (before the onset, for a leaking one): each change from "not leaking" to "leaking" counts once.</param>
/// <param name="HealthyHours">Hours of this device's series during which it was healthy.</param>
/// <param name="Judgements">Times the detector was asked.</param>
public sealed record DeviceOutcome(
    DeviceTruth Truth,
    string Detector,
    DateTimeOffset? FirstAlert,
    DateTimeOffset? ForecastAtFirstAlert,
    int FalseAlerts,
    double HealthyHours,
    int Judgements);
