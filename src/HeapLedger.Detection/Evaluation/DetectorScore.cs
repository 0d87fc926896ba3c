namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// One detector's figures on one fleet. Shares and ratios are NaN when there is nothing to compute
/// them over (no alert, no leak that exhausts): the report prints those as n/a, the JSON as null.
/// </summary>
/// <param name="Precision">Leaking devices alerted after their onset, over those plus healthy devices alerted at all.</param>
/// <param name="RecallExhausting">Alerted, over the leaking devices that exhaust their heap within the window: the target.</param>
/// <param name="RecallAll">Alerted, over all leaking devices (slow leaks, leaks that start late, leaks a reboot keeps resetting).</param>
/// <param name="FalseAlertsPer1000DeviceDays">False alerts per 1,000 days of healthy devices (and of leaking devices before their onset).</param>
/// <param name="MedianLeadShare">Median over alerted leaks that exhaust: (exhaustion - first alert) / (exhaustion - onset).</param>
/// <param name="MedianLeadDays">The same lead time in days.</param>
/// <param name="MedianForecastError">Median over alerted leaks that exhaust, with a forecast: |forecast - exhaustion| / (exhaustion - first alert).</param>
/// <param name="Forecasts">How many of the alerted leaks that exhaust had a forecast to grade.</param>
public sealed record DetectorScore(
    string Detector,
    double Precision,
    double RecallExhausting,
    double RecallAll,
    double FalseAlertsPer1000DeviceDays,
    double MedianLeadShare,
    double MedianLeadDays,
    double MedianForecastError,
    int TruePositives,
    int FalsePositiveDevices,
    int Leaking,
    int LeakingExhausting,
    int AlertedExhausting,
    int Forecasts,
    int FalseAlerts,
    double HealthyDeviceDays)
{
    public static DetectorScore From(string detector, IEnumerable<DeviceOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        int truePositives = 0, falsePositiveDevices = 0, leaking = 0, exhausting = 0, alertedExhausting = 0, falseAlerts = 0;
        var healthyHours = 0.0;
        var leadShares = new List<double>();
        var leadDays = new List<double>();
        var forecastErrors = new List<double>();
        foreach (var outcome in outcomes)
        {
            var truth = outcome.Truth;
            falseAlerts += outcome.FalseAlerts;
            healthyHours += outcome.HealthyHours;
            if (!truth.Leaking)
            {
                falsePositiveDevices += outcome.FalseAlerts > 0 ? 1 : 0;
                continue;
            }

            leaking++;
            truePositives += outcome.FirstAlert is null ? 0 : 1;
            if (!truth.ExhaustsWithinWindow)
            {
                continue;
            }

            exhausting++;
            if (outcome.FirstAlert is not { } alert || truth.Exhaustion is not { } end || truth.Onset is not { } onset)
            {
                continue;
            }

            alertedExhausting++;
            var remaining = (end - alert).TotalHours;
            var span = (end - onset).TotalHours;
            leadDays.Add(remaining / 24);
            if (span > 0)
            {
                leadShares.Add(remaining / span);
            }

            if (outcome.ForecastAtFirstAlert is { } forecast && remaining > 0)
            {
                forecastErrors.Add(Math.Abs((forecast - end).TotalHours) / remaining);
            }
        }

        var healthyDays = healthyHours / 24;
        return new DetectorScore(
            detector,
            Ratio(truePositives, truePositives + falsePositiveDevices),
            Ratio(alertedExhausting, exhausting),
            Ratio(truePositives, leaking),
            healthyDays > 0 ? falseAlerts * 1000.0 / healthyDays : double.NaN,
            Median(leadShares),
            Median(leadDays),
            Median(forecastErrors),
            truePositives,
            falsePositiveDevices,
            leaking,
            exhausting,
            alertedExhausting,
            forecastErrors.Count,
            falseAlerts,
            healthyDays);
    }

    internal static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
