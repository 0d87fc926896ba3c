using HeapLedger.Detection;

namespace HeapLedger.Fleet.Storage;

/// <summary>One row of a device's judgement history: written when its verdict changes.</summary>
public sealed record JudgementChange(DateTimeOffset JudgedAt, DeviceVerdict Verdict, double? BytesPerHour, DateTimeOffset? ExhaustionAt);
