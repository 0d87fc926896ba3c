using HeapLedger.Detection;

namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// When to call a webhook about a device: when it leaks and, with <see cref="WithinDays"/>, when
/// its heap is forecast to run out within that many days of its last heartbeat. Without it the
/// rule fires on any leaking verdict. AlertRules.Parse reads them from JSON.
/// </summary>
public sealed record AlertRule(string Name, Uri Webhook, double? WithinDays = null)
{
    public bool Matches(DeviceJudgement judgement)
    {
        ArgumentNullException.ThrowIfNull(judgement);
        var forecast = judgement.Forecast;
        if (forecast.Verdict != DeviceVerdict.Leaking)
        {
            return false;
        }

        return WithinDays is not { } days
            || (forecast.ExhaustionAt is { } at && at - judgement.AsOf <= TimeSpan.FromDays(days));
    }
}
