using HeapLedger.Core.Statistics;

namespace HeapLedger.Core.Tests;

public sealed class StatisticsTests
{
    [Fact]
    public void AStrictlyRisingSeriesHasALargeMannKendallZ()
    {
        var z = MannKendall.Z(Enumerable.Range(0, 32).Select(i => (long)i).ToArray());
        Assert.True(z > 6, $"Z = {z}");
        Assert.True(MannKendall.UpperTailP(z) < 1e-6);
    }

    [Fact]
    public void AConstantSeriesHasNoTrend()
    {
        Assert.Equal(0, MannKendall.Z(Enumerable.Repeat(5L, 32).ToArray()));
    }

    [Fact]
    public void TiesReduceTheVarianceButAStaircaseStillRises()
    {
        long[] staircase = [.. Enumerable.Range(0, 32).Select(i => (long)(i / 8))];
        Assert.True(MannKendall.Z(staircase) > 4);
    }

    [Fact]
    public void TheNormalTailIsAccurate()
    {
        Assert.Equal(0.5, MannKendall.UpperTailP(0), 6);
        Assert.Equal(0.001, MannKendall.UpperTailP(3.0902), 5);
        Assert.Equal(0.05, MannKendall.UpperTailP(1.6449), 5);
    }

    [Fact]
    public void TheilSenIgnoresAnOutlier()
    {
        double[] x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        double[] y = [0, 2, 4, 6, 8, 1000, 12, 14, 16, 18];
        Assert.Equal(2, TheilSen.Slope(x, y), 6);
    }
}
