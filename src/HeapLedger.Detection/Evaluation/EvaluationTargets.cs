namespace HeapLedger.Detection.Evaluation;

/// <summary>The targets, on at least 2,000 devices x 90 days of hourly heartbeats with 10% leaking.</summary>
public static class EvaluationTargets
{
    public const double RecallExhausting = 0.95;
    public const double FalseAlertsPer1000DeviceDays = 1.0;
    public const double MedianLeadShare = 0.60;
    public const double MedianForecastError = 0.20;

    public static bool Met(DetectorScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return score.RecallExhausting >= RecallExhausting
            && score.FalseAlertsPer1000DeviceDays <= FalseAlertsPer1000DeviceDays
            && score.MedianLeadShare >= MedianLeadShare
            && score.MedianForecastError <= MedianForecastError;
    }
}
