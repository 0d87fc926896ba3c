using HeapLedger.Detection.Evaluation;
using HeapLedger.Detection.Tests.Evaluation.Support;

namespace HeapLedger.Detection.Tests.Evaluation;

public sealed class DetectionEvaluatorTests
{
    [Fact]
    public void NoDetectorIsShownAHeartbeatFromAfterTheJudgement()
    {
        var device = HandMade.Device("d", 120, false);
        var spy = new SpyDetector();

        new DetectionEvaluator([spy]).EvaluateDevice(device);

        // Judged at 6 h, 12 h, ...: the k-th call holds exactly the heartbeats up to k x 6 hours, and no more.
        Assert.Equal(119 / 6, spy.Calls.Count);
        for (var k = 0; k < spy.Calls.Count; k++)
        {
            var judgedAt = HandMade.At(6 * (k + 1));
            var expected = device.Series.Points.TakeWhile(p => p.Time <= judgedAt).ToArray();
            Assert.Equal(expected, spy.Calls[k]);
        }
    }

    [Fact]
    public void AnAlertIsCreditedAtTheFirstJudgementAfterTheHeartbeatThatCausedIt()
    {
        var device = HandMade.Device("d", 240, true, exhaustionHour: 240, free: h => h == 50 ? SpyDetector.Marker : 50_000);

        var outcome = Assert.Single(new DetectionEvaluator([new SpyDetector()]).EvaluateDevice(device));

        Assert.Equal(HandMade.At(54), outcome.FirstAlert);
    }

    [Fact]
    public void ADeviceIsNotJudgedOnSamplesFromAfterItsExhaustion()
    {
        // A recorded series keeps samples past the failure that the field would never have received.
        var device = HandMade.Device("d", 240, true, exhaustionHour: 100, free: h => h >= 100 ? SpyDetector.Marker : 50_000);
        var spy = new SpyDetector();

        var outcome = Assert.Single(new DetectionEvaluator([spy]).EvaluateDevice(device));

        Assert.Null(outcome.FirstAlert);
        Assert.All(spy.Calls, call => Assert.True(call[^1].Time < HandMade.At(100)));
    }

    [Fact]
    public void EveryDetectorIsJudgedOnTheSameFleet()
    {
        var fleet = new FleetGenerator(new FleetOptions(Devices: 30, Days: 20, Seed: 4));
        var result = new DetectionEvaluator([new ThresholdAlert(), new LeastSquaresSlope(), new DailyFloorStandIn()]).Evaluate(fleet);

        Assert.Equal(["threshold-10%", "least-squares", "daily-floor stand-in"], result.Scores.Select(s => s.Detector));
        Assert.All(result.Scores, s => Assert.Equal(3, s.Leaking));
        Assert.Single(result.Scores.Select(s => s.HealthyDeviceDays).Distinct());
    }

    [Fact]
    public void TheFiguresDoNotDependOnHowManyCoresJudge()
    {
        var fleet = new FleetGenerator(new FleetOptions(Devices: 60, Days: 30, LeakingShare: 0.3, Seed: 9));
        IDeviceDetector[] detectors = [new ThresholdAlert(), new DailyFloorStandIn()];

        var one = new DetectionEvaluator(detectors, EvaluatorOptions.Default with { MaxDegreeOfParallelism = 1 }).Evaluate(fleet);
        var two = new DetectionEvaluator(detectors, EvaluatorOptions.Default with { MaxDegreeOfParallelism = 2 }).Evaluate(fleet);

        Assert.Equal(one.Scores, two.Scores);
    }

    [Fact]
    public void ADetectorThatWatchesTheFloorWarnsEarlierThanTheThresholdAlert()
    {
        var fleet = new FleetGenerator(new FleetOptions(Devices: 200, Days: 60, LeakingShare: 0.3, Seed: 21));
        var result = new DetectionEvaluator([new ThresholdAlert(), new DailyFloorStandIn()]).Evaluate(fleet);

        Assert.True(result.Scores[1].MedianLeadShare > result.Scores[0].MedianLeadShare + 0.2,
            $"lead share: threshold {result.Scores[0].MedianLeadShare:0.00}, stand-in {result.Scores[1].MedianLeadShare:0.00}");
    }
}
