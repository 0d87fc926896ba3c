using HeapLedger.Detection.Evaluation;
using HeapLedger.Detection.Tests.Evaluation.Support;

namespace HeapLedger.Detection.Tests.Evaluation;

public sealed class BaselineTests
{
    private static DeviceSeries Series(params long[] free) =>
        HandMade.Device("d", free.Length, false, free: h => free[h]).Series;

    [Fact]
    public void TheThresholdAlertFiresWhenFreeHeapIsUnderTenPercentOfTheHeap()
    {
        var verdict = new ThresholdAlert().Judge(Series(50_000, 6_553));

        Assert.Equal(DeviceVerdict.Leaking, verdict.Verdict);
        Assert.Null(verdict.ExhaustionAt);
    }

    [Fact]
    public void TheThresholdAlertStaysQuietAtTenPercentOrMore()
    {
        Assert.Equal(DeviceVerdict.Healthy, new ThresholdAlert().Judge(Series(6_554)).Verdict);
    }

    [Fact]
    public void TheThresholdAlertLooksOnlyAtTheLatestHeartbeat()
    {
        Assert.Equal(DeviceVerdict.Healthy, new ThresholdAlert().Judge(Series(1_000, 40_000)).Verdict);
    }

    [Fact]
    public void TheLeastSquaresSlopeForecastsWhereItsLineReachesTheHeapLessTheReserve()
    {
        // Used heap rises 100 bytes an hour from 10,000: free = 55,536 - 100 h.
        var series = Series([.. Enumerable.Range(0, 48).Select(h => 55_536L - (100 * h))]);
        var verdict = new LeastSquaresSlope(reserveBytes: 4096, minimumPoints: 24).Judge(series);

        Assert.Equal(DeviceVerdict.Leaking, verdict.Verdict);
        Assert.Equal(100, verdict.BytesPerHour!.Value, 6);

        // The line reaches 65,536 - 4,096 = 61,440 used when 10,000 + 100 h = 61,440: h = 514.4.
        Assert.Equal(HandMade.At(514.4), verdict.ExhaustionAt!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void TheLeastSquaresSlopeIgnoresASlopeThatWouldTakeLongerThanItsHorizon()
    {
        // 10 bytes an hour would take 5,144 hours, more than 90 days.
        var series = Series([.. Enumerable.Range(0, 48).Select(h => 55_536L - (10 * h))]);

        Assert.Equal(DeviceVerdict.Healthy, new LeastSquaresSlope(minimumPoints: 24).Judge(series).Verdict);
    }

    [Fact]
    public void TheLeastSquaresSlopeGivesNoVerdictOnTooFewHeartbeats()
    {
        Assert.Equal(DeviceVerdict.InsufficientData, new LeastSquaresSlope(minimumPoints: 24).Judge(Series(50_000, 40_000, 30_000)).Verdict);
    }
}
