namespace HeapLedger.Core.Statistics;

/// <summary>The Theil–Sen slope: the median of pairwise slopes, robust to outliers and bursts.</summary>
public static class TheilSen
{
    public static double Slope(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        if (n < 2)
        {
            return 0;
        }

        var slopes = new List<double>(n * (n - 1) / 2);
        for (var i = 0; i < n - 1; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var dx = x[j] - x[i];
                if (dx > 0)
                {
                    slopes.Add((y[j] - y[i]) / dx);
                }
            }
        }

        if (slopes.Count == 0)
        {
            return 0;
        }

        slopes.Sort();
        var mid = slopes.Count / 2;
        return slopes.Count % 2 == 1 ? slopes[mid] : (slopes[mid - 1] + slopes[mid]) / 2;
    }
}
