using HeapLedger.Detection;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Server.Api;

/// <summary>One change of a device's verdict.</summary>
public sealed record VerdictChangeReply(DateTimeOffset JudgedAt, string Verdict, double? BytesPerHour, DateTimeOffset? ExhaustionAt)
{
    public static VerdictChangeReply From(JudgementChange change) => new(change.JudgedAt, DeviceVerdictNames.Name(change.Verdict),
        change.BytesPerHour is { } rate && double.IsFinite(rate) ? Math.Round(rate, 3) : null, change.ExhaustionAt);
}
