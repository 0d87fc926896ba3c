namespace HeapLedger.Detection.Detector;

/// <summary>
/// The Theil–Sen slope with Sen's (1968) distribution-free confidence interval: with N pairwise
/// slopes sorted and C = z(1−α/2)·√Var(S), the bounds are the slopes of rank (N − C)/2 and
/// (N + C)/2 + 1. Var(S) is the Mann–Kendall variance, so the interval widens with ties and, when
/// the caller passes the Hamed–Rao corrected variance, with autocorrelation.
/// </summary>
public static class SenSlope
{
    public static SlopeInterval Estimate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double varianceOfS, double confidence)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y differ in length", nameof(y));
        }

        var n = x.Length;
        if (n < 2)
        {
            return new SlopeInterval(0, 0, 0);
        }

        var slopes = new double[n * (n - 1) / 2];
        var count = 0;
        for (var i = 0; i < n - 1; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var dx = x[j] - x[i];
                if (dx > 0)
                {
                    slopes[count++] = (y[j] - y[i]) / dx;
                }
            }
        }

        if (count == 0)
        {
            return new SlopeInterval(0, 0, 0);
        }

        var sorted = slopes.AsSpan(0, count);
        sorted.Sort();
        var mid = count / 2;
        var slope = count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        var c = NormalQuantile(0.5 + (confidence / 2)) * Math.Sqrt(Math.Max(0, varianceOfS));
        // Ranks are 1-based in Sen's paper: M1 = (N − C)/2, upper = M2 + 1 = (N + C)/2 + 1.
        var lowerRank = (int)Math.Floor((count - c) / 2);
        var upperRank = (int)Math.Ceiling(((count + c) / 2) + 1);
        var low = sorted[Math.Clamp(lowerRank - 1, 0, count - 1)];
        var high = sorted[Math.Clamp(upperRank - 1, 0, count - 1)];
        return new SlopeInterval(slope, Math.Min(low, slope), Math.Max(high, slope));
    }

    /// <summary>Mann–Kendall Var(S) with the tie correction (the same as the trend test's).</summary>
    public static double VarianceOfS(ReadOnlySpan<long> values) => Core.Statistics.MannKendall.VarianceOfS(values);

    /// <summary>
    /// The standard normal quantile by Abramowitz–Stegun 26.2.23 (absolute error under 4.5e-4,
    /// far below what a rank-based interval can resolve).
    /// </summary>
    public static double NormalQuantile(double p)
    {
        if (p is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "must lie strictly between 0 and 1");
        }

        var upper = p > 0.5;
        var q = upper ? 1 - p : p;
        var t = Math.Sqrt(-2 * Math.Log(q));
        var z = t - ((2.515517 + (0.802853 * t) + (0.010328 * t * t)) / (1 + (1.432788 * t) + (0.189269 * t * t) + (0.001308 * t * t * t)));
        return upper ? z : -z;
    }
}
