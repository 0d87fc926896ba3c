using HeapLedger.Detection;

namespace HeapLedger.Fleet.Storage;

/// <summary>
/// A device's current judgement as stored. <see cref="FirstFlaggedAt"/> is when the job first
/// judged it leaking in its current run of leaking verdicts (null while it is not leaking); the
/// history keeps earlier runs.
/// </summary>
public sealed record StoredJudgement(DeviceForecast Forecast, DateTimeOffset JudgedAt, DateTimeOffset? FirstFlaggedAt);
