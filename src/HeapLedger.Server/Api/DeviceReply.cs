using HeapLedger.Detection;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Server.Api;

/// <summary>
/// A device in the API: the fields of <c>heapledger forecast --format json</c> (device, verdict,
/// bytesPerHour, onset, exhaustionAt, exhaustionLow, exhaustionHigh, points, bytesPerHourLow,
/// bytesPerHourHigh, limit, confidence, lastHeartbeat), then firstFlaggedAt, judgedAt and the
/// latest attributes. A device not yet judged is <c>insufficient-data</c> with 0 points and no judgedAt.
/// </summary>
public sealed record DeviceReply(
    string Device,
    string Verdict,
    double? BytesPerHour,
    DateTimeOffset? Onset,
    DateTimeOffset? ExhaustionAt,
    DateTimeOffset? ExhaustionLow,
    DateTimeOffset? ExhaustionHigh,
    int Points,
    double? BytesPerHourLow,
    double? BytesPerHourHigh,
    string? Limit,
    double Confidence,
    DateTimeOffset? LastHeartbeat,
    DateTimeOffset? FirstFlaggedAt,
    DateTimeOffset? JudgedAt,
    IReadOnlyDictionary<string, string> Attributes)
{
    public static DeviceReply From(DeviceSummary device)
    {
        var f = device.Judgement?.Forecast;
        return new DeviceReply(
            device.Device,
            DeviceVerdictNames.Name(f?.Verdict ?? DeviceVerdict.InsufficientData),
            Round(f?.BytesPerHour),
            f?.Onset,
            f?.ExhaustionAt,
            f?.ExhaustionLow,
            f?.ExhaustionHigh,
            f?.Points ?? 0,
            Round(f?.BytesPerHourLow),
            Round(f?.BytesPerHourHigh),
            f?.Limit,
            Math.Round(f?.Confidence ?? 0, 6),
            device.LastHeartbeat,
            device.Judgement?.FirstFlaggedAt,
            device.Judgement?.JudgedAt,
            device.Attributes);
    }

    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 3) : null;
}
