namespace HeapLedger.Detection.Detector;

/// <summary>
/// When a leak began: a flat floor that turns into a rising one. Fits a hinge (flat until a
/// break, then a straight rise) at every window and compares the best with a single straight
/// line by BIC, so a break is only reported when it explains the floors better by more than the
/// extra parameter costs. O(windows²).
/// </summary>
internal static class ChangePoint
{
    /// <returns>The index of the window where the rise starts; 0 when one line from the start fits as well.</returns>
    public static int Onset(ReadOnlySpan<double> x, ReadOnlySpan<long> y, int minWindowsAfter)
    {
        var n = x.Length;
        if (n < minWindowsAfter + 2)
        {
            return 0;
        }

        double meanY = 0;
        foreach (var v in y)
        {
            meanY += v;
        }

        meanY /= n;
        var lineRss = ResidualSumOfSquares(x, y, meanY, breakAt: null, out _);
        var best = Bic(lineRss, n, parameters: 2);
        var onset = 0;
        for (var k = 1; k <= n - minWindowsAfter; k++)
        {
            var rss = ResidualSumOfSquares(x, y, meanY, x[k], out var slope);
            if (slope <= 0)
            {
                continue;
            }

            var bic = Bic(rss, n, parameters: 3);
            if (bic < best)
            {
                best = bic;
                onset = k;
            }
        }

        return onset;
    }

    /// <summary>
    /// Whether the floors are better told as one step (two flat levels) than as a straight rise,
    /// by BIC; if so, where the higher level begins. A feature that allocates once and keeps its
    /// memory looks like this; a leak does not.
    /// </summary>
    public static int? Step(ReadOnlySpan<double> x, ReadOnlySpan<long> y, int minWindowsEachSide)
    {
        var n = y.Length;
        if (n < 2 * minWindowsEachSide)
        {
            return null;
        }

        double meanY = 0;
        foreach (var v in y)
        {
            meanY += v;
        }

        meanY /= n;
        var total = new double[n + 1];
        var squares = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            var v = y[i] - meanY;
            total[i + 1] = total[i] + v;
            squares[i + 1] = squares[i] + (v * v);
        }

        var lineBic = Bic(ResidualSumOfSquares(x, y, meanY, breakAt: null, out _), n, parameters: 2);
        var bestBic = double.PositiveInfinity;
        var best = -1;
        for (var k = minWindowsEachSide; k <= n - minWindowsEachSide; k++)
        {
            var before = total[k];
            var after = total[n] - before;
            if (after / (n - k) <= before / k)
            {
                continue;
            }

            var rss = squares[n] - (before * before / k) - (after * after / (n - k));
            var bic = Bic(Math.Max(0, rss), n, parameters: 3);
            if (bic < bestBic)
            {
                bestBic = bic;
                best = k;
            }
        }

        return best >= 0 && bestBic < lineBic ? best : null;
    }

    // A variance floor of one byte²: floors are whole bytes, and a perfect fit must not score −∞.
    private static double Bic(double rss, int n, int parameters) => (n * Math.Log((rss / n) + 1)) + (parameters * Math.Log(n));

    /// <summary>Least squares of y on max(0, x − breakAt) with an intercept (no break: on x itself).</summary>
    private static double ResidualSumOfSquares(ReadOnlySpan<double> x, ReadOnlySpan<long> y, double meanY, double? breakAt, out double slope)
    {
        var n = x.Length;
        double meanH = 0;
        for (var i = 0; i < n; i++)
        {
            meanH += Hinge(x[i], breakAt);
        }

        meanH /= n;
        double shh = 0;
        double shy = 0;
        double syy = 0;
        for (var i = 0; i < n; i++)
        {
            var h = Hinge(x[i], breakAt) - meanH;
            var v = y[i] - meanY;
            shh += h * h;
            shy += h * v;
            syy += v * v;
        }

        if (shh <= 0)
        {
            slope = 0;
            return syy;
        }

        slope = shy / shh;
        return Math.Max(0, syy - (shy * shy / shh));
    }

    private static double Hinge(double x, double? breakAt) => breakAt is { } at ? Math.Max(0, x - at) : x;
}
