namespace HeapLedger.Detection.Evaluation;

/// <summary>A device's heartbeats, as a detector sees them, with the truth the harness grades against.</summary>
public sealed record LabelledSeries(DeviceSeries Series, DeviceTruth Truth);
