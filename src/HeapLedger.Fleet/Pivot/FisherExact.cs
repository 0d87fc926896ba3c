namespace HeapLedger.Fleet.Pivot;

/// <summary>
/// Fisher's exact test on a 2×2 table, one-sided: the probability, with the margins fixed, of a
/// top-left cell at least as large as the one seen (the hypergeometric upper tail). Terms are
/// built from a table of log-factorials, so tables of tens of thousands of devices neither
/// overflow nor lose precision; the tail is summed from its largest term outward and stops once
/// the terms no longer change the sum. When the observed cell is below the mean the smaller lower
/// tail is summed and subtracted from 1. Within about 1e-11 relative of the exact value at ten
/// thousand devices (tests compare with BigInteger sums); p-values below about 1e-308 come out as 0.
/// </summary>
public sealed class FisherExact
{
    private readonly double[] logFactorial;

    /// <param name="maxTotal">The largest table total (devices) this instance will be asked about.</param>
    public FisherExact(int maxTotal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTotal);
        logFactorial = new double[maxTotal + 1];
        // Compensated (Kahan) summation: the rounding of ten thousand additions would otherwise
        // add up to a relative error near 1e-9 in the p-values.
        double sum = 0;
        double carry = 0;
        for (var i = 2; i <= maxTotal; i++)
        {
            var term = Math.Log(i) - carry;
            var next = sum + term;
            carry = next - sum - term;
            sum = next;
            logFactorial[i] = sum;
        }
    }

    /// <summary>
    /// P(X ≥ <paramref name="a"/>) for the table [[a, b], [c, d]]: rows leaking / healthy, columns
    /// with / without the value. Small when the value is over-represented among the first row.
    /// </summary>
    public double Greater(int a, int b, int c, int d)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfNegative(d);
        var n = a + b + c + d;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, logFactorial.Length - 1);
        var row = a + b;
        var column = a + c;
        var lowest = Math.Max(0, row + column - n);
        var highest = Math.Min(row, column);
        if (a <= lowest)
        {
            return 1;
        }

        var mean = (double)row * column / n;
        if (a > mean)
        {
            // From a up, every term is smaller than the one before (a is past the mode).
            var sum = TailFrom(a, highest, row, column, n, upward: true);
            return Math.Min(1, Math.Exp(LogTerm(a, row, column, n)) * sum);
        }

        var below = TailFrom(a - 1, lowest, row, column, n, upward: false);
        return Math.Clamp(1 - (Math.Exp(LogTerm(a - 1, row, column, n)) * below), 0, 1);
    }

    /// <summary>ln P(X = x) for x of the first row in the first column.</summary>
    private double LogTerm(int x, int row, int column, int n) =>
        LogChoose(column, x) + LogChoose(n - column, row - x) - LogChoose(n, row);

    private double LogChoose(int n, int k) => logFactorial[n] - logFactorial[k] - logFactorial[n - k];

    /// <summary>The sum of the terms from <paramref name="start"/> to <paramref name="end"/>, relative to the first.</summary>
    private static double TailFrom(int start, int end, int row, int column, int n, bool upward)
    {
        double term = 1;
        double sum = 1;
        var x = start;
        while (x != end)
        {
            // Ratios of neighbouring hypergeometric terms: no factorial is formed again.
            double ratio = upward
                ? (double)(column - x) * (row - x) / ((double)(x + 1) * (n - column - row + x + 1))
                : (double)x * (n - column - row + x) / ((double)(column - x + 1) * (row - x + 1));
            term *= ratio;
            sum += term;
            x += upward ? 1 : -1;
            if (ratio < 1 && term < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
