using HeapLedger.Detection.Evaluation;
using HeapLedger.Detection.Tests.Evaluation.Support;

namespace HeapLedger.Detection.Tests.Evaluation;

/// <summary>
/// A hand-made fleet of six devices with 10 days of hourly heartbeats, a detector whose alerts are
/// scripted, and every figure worked out by hand.
/// </summary>
public sealed class MetricTests
{
    private static readonly DetectorScore Score = Evaluate();

    private static DetectorScore Evaluate()
    {
        LabelledSeries[] fleet =
        [
            // Leaks from the start, exhausts at 240 h; alerted from 96 h with a forecast of 216 h.
            HandMade.Device("caught", 240, true, onsetHour: 0, exhaustionHour: 240),
            // Leaks from 48 h, exhausts at 192 h; a false alert at 30 h that lasts past the onset; no forecast.
            HandMade.Device("early", 192, true, onsetHour: 48, exhaustionHour: 192),
            // Leaks and exhausts at 240 h, never alerted.
            HandMade.Device("missed", 240, true, onsetHour: 0, exhaustionHour: 240),
            // Leaks too slowly to exhaust within the window; alerted at 120 h.
            HandMade.Device("slow", 240, true, onsetHour: 0),
            // Healthy, alerted twice: 60-90 h and from 150 h.
            HandMade.Device("noisy", 240, false),
            HandMade.Device("quiet", 240, false),
        ];
        var end = HandMade.At(1000);
        var script = new Dictionary<string, (DateTimeOffset, DateTimeOffset, DateTimeOffset?)[]>
        {
            ["caught"] = [(HandMade.At(96), end, HandMade.At(216))],
            ["early"] = [(HandMade.At(30), end, null)],
            ["slow"] = [(HandMade.At(120), end, HandMade.At(500))],
            ["noisy"] = [(HandMade.At(60), HandMade.At(90), null), (HandMade.At(150), end, null)],
        };

        return new DetectionEvaluator([new ScriptedDetector(script)]).Evaluate("hand-made", fleet).Scores[0];
    }

    [Fact]
    public void PrecisionCountsLeakingDevicesAlertedAgainstHealthyDevicesAlerted()
    {
        // caught, early and slow against noisy.
        Assert.Equal(3, Score.TruePositives);
        Assert.Equal(1, Score.FalsePositiveDevices);
        Assert.Equal(0.75, Score.Precision, 12);
    }

    [Fact]
    public void RecallIsCountedOverLeaksThatExhaustAndOverAllLeaks()
    {
        Assert.Equal(3, Score.LeakingExhausting);
        Assert.Equal(2.0 / 3, Score.RecallExhausting, 12);
        Assert.Equal(0.75, Score.RecallAll, 12);
    }

    [Fact]
    public void FalseAlertsAreCountedPerThousandHealthyDeviceDays()
    {
        // Healthy time: early's 48 h before its onset, noisy's and quiet's 239 h each (first to last heartbeat).
        Assert.Equal(3, Score.FalseAlerts);
        Assert.Equal(526.0 / 24, Score.HealthyDeviceDays, 9);
        Assert.Equal(3 * 1000 / (526.0 / 24), Score.FalseAlertsPer1000DeviceDays, 9);
    }

    [Fact]
    public void LeadTimeIsAShareOfOnsetToExhaustion()
    {
        // caught: alerted at 96 h, (240 - 96) / 240 = 0.6; early: alerted at 48 h, (192 - 48) / (192 - 48) = 1.
        Assert.Equal(0.8, Score.MedianLeadShare, 12);
        Assert.Equal(6, Score.MedianLeadDays, 12);
    }

    [Fact]
    public void ForecastErrorIsRelativeToTheTimeLeftAtTheFirstAlert()
    {
        // caught: |216 - 240| / (240 - 96); early made no forecast, slow does not exhaust in the window.
        Assert.Equal(1, Score.Forecasts);
        Assert.Equal(24.0 / 144, Score.MedianForecastError, 12);
    }

    [Fact]
    public void AFigureWithNothingToMeasureIsNotANumber()
    {
        var score = DetectorScore.From("none", []);

        Assert.True(double.IsNaN(score.Precision));
        Assert.True(double.IsNaN(score.RecallExhausting));
        Assert.True(double.IsNaN(score.MedianLeadShare));
    }
}
