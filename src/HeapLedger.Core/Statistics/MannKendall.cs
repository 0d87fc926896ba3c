namespace HeapLedger.Core.Statistics;

/// <summary>
/// The Mann–Kendall test for a monotonic trend, with the variance corrected for ties (floors of a
/// staircase are full of ties). Returns the standardised statistic Z (continuity-corrected);
/// Z ≥ 3.09 is p &lt; 0.001 one-sided for an upward trend.
/// </summary>
public static class MannKendall
{
    public static double Z(ReadOnlySpan<long> values)
    {
        var n = values.Length;
        if (n < 3)
        {
            return 0;
        }

        long s = 0;
        for (var i = 0; i < n - 1; i++)
        {
            var vi = values[i];
            for (var j = i + 1; j < n; j++)
            {
                s += Math.Sign(values[j] - vi);
            }
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        double tieTerm = 0;
        var run = 1;
        for (var i = 1; i <= n; i++)
        {
            if (i < n && sorted[i] == sorted[i - 1])
            {
                run++;
                continue;
            }

            if (run > 1)
            {
                tieTerm += run * (run - 1.0) * ((2.0 * run) + 5);
            }

            run = 1;
        }

        var variance = ((n * (n - 1.0) * ((2.0 * n) + 5)) - tieTerm) / 18.0;
        if (variance <= 0)
        {
            return 0;
        }

        var corrected = s > 0 ? s - 1 : s < 0 ? s + 1 : 0;
        return corrected / Math.Sqrt(variance);
    }

    /// <summary>One-sided p-value of an upward trend for a standard normal <paramref name="z"/>.</summary>
    public static double UpperTailP(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    // Abramowitz–Stegun 7.1.26 is too coarse in the tail; this continued-fraction-free form
    // (Numerical Recipes' erfc Chebyshev fit) is accurate to ~1e-7 everywhere.
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        double[] coefficients = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
            0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var poly = 0.0;
        for (var k = coefficients.Length - 1; k >= 0; k--)
        {
            poly = coefficients[k] + (t * poly);
        }

        var r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2 - r;
    }
}
