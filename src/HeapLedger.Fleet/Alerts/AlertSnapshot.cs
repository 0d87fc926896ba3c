using HeapLedger.Detection;

namespace HeapLedger.Fleet.Alerts;

/// <summary>The judgement's figures as a notification carries them.</summary>
public sealed record AlertSnapshot(
    DeviceVerdict Verdict,
    double? BytesPerHour,
    DateTimeOffset? ExhaustionAt,
    DateTimeOffset? Onset,
    IReadOnlyDictionary<string, string> Attributes)
{
    public static AlertSnapshot Of(DeviceJudgement judgement)
    {
        ArgumentNullException.ThrowIfNull(judgement);
        var forecast = judgement.Forecast;
        return new AlertSnapshot(forecast.Verdict, forecast.BytesPerHour, forecast.ExhaustionAt, forecast.Onset, judgement.Attributes);
    }
}
