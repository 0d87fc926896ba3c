namespace HeapLedger.Core.Statistics;

/// <summary>
/// The Mann–Kendall test for a monotonic trend, with the variance corrected for ties (floors of a
/// staircase are full of ties) and, optionally, for autocorrelation (Hamed and Rao, 1998: a
/// slowly wandering population looks like a trend to the plain test). Returns the standardised
/// statistic Z (continuity-corrected); Z ≥ 3.09 is p &lt; 0.001 one-sided for an upward trend.
/// </summary>
public static class MannKendall
{
    public static double Z(ReadOnlySpan<long> values, bool correctForAutocorrelation = false)
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

        var variance = VarianceOfS(values);
        if (correctForAutocorrelation)
        {
            variance *= VarianceInflation(values);
        }

        if (variance <= 0)
        {
            return 0;
        }

        var corrected = s > 0 ? s - 1 : s < 0 ? s + 1 : 0;
        return corrected / Math.Sqrt(variance);
    }

    /// <summary>
    /// Var(S) with the tie correction: (n(n−1)(2n+5) − Σ t(t−1)(2t+5)) / 18 over groups of t
    /// equal values. Also what Sen's slope interval is built from.
    /// </summary>
    public static double VarianceOfS(ReadOnlySpan<long> values)
    {
        var n = values.Length;
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double ties = 0;
        var run = 1;
        for (var i = 1; i <= n; i++)
        {
            if (i < n && sorted[i] == sorted[i - 1])
            {
                run++;
                continue;
            }

            ties += run * (run - 1.0) * ((2.0 * run) + 5);
            run = 1;
        }

        return ((n * (n - 1.0) * ((2.0 * n) + 5)) - ties) / 18.0;
    }

    /// <summary>
    /// Hamed–Rao's n/n*: from the autocorrelation of the ranks of the series once its Sen slope is
    /// removed, counting only lags whose autocorrelation is significant at 5%. Never below 1, so
    /// the correction can only make the test more cautious.
    /// </summary>
    private static double VarianceInflation(ReadOnlySpan<long> values)
    {
        var n = values.Length;
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = i;
            y[i] = values[i];
        }

        var slope = TheilSen.Slope(x, y);
        var residual = new double[n];
        for (var i = 0; i < n; i++)
        {
            residual[i] = y[i] - (slope * i);
        }

        var ranks = Ranks(residual);
        var mean = (n + 1) / 2.0;
        double denominator = 0;
        foreach (var r in ranks)
        {
            denominator += (r - mean) * (r - mean);
        }

        if (denominator <= 0)
        {
            return 1;
        }

        var bound = 1.96 / Math.Sqrt(n);
        double sum = 0;
        for (var lag = 1; lag < n - 2; lag++)
        {
            double numerator = 0;
            for (var i = 0; i + lag < n; i++)
            {
                numerator += (ranks[i] - mean) * (ranks[i + lag] - mean);
            }

            var rho = numerator / denominator;
            if (Math.Abs(rho) > bound)
            {
                sum += (n - lag) * (n - lag - 1.0) * (n - lag - 2.0) * rho;
            }
        }

        var inflation = 1 + (2.0 / (n * (n - 1.0) * (n - 2.0)) * sum);
        return Math.Max(1, inflation);
    }

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            var rank = ((i + j) / 2.0) + 1;
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = rank;
            }

            i = j + 1;
        }

        return ranks;
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
