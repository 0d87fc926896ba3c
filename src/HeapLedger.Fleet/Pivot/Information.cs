namespace HeapLedger.Fleet.Pivot;

/// <summary>
/// How much of "which devices leak" a value explains: the mutual information between having it
/// and leaking, over the entropy of leaking. 1 when the value is exactly the leaking devices, 0
/// when it is independent of leaking. Unlike lift it gives a value held by three devices little
/// weight, and unlike support it gives a value every device has none.
/// </summary>
internal static class Information
{
    /// <summary>For the table [[a, b], [c, d]]: rows leaking / healthy, columns with / without.</summary>
    public static double ExplainedShare(int a, int b, int c, int d)
    {
        double n = a + b + c + d;
        double leaking = a + b;
        double with = a + c;
        var entropy = Entropy(leaking / n);
        if (entropy <= 0)
        {
            return 0;
        }

        var mutual = Cell(a, leaking, with, n) + Cell(b, leaking, n - with, n)
            + Cell(c, n - leaking, with, n) + Cell(d, n - leaking, n - with, n);
        return Math.Clamp(mutual / entropy, 0, 1);
    }

    private static double Cell(double count, double row, double column, double n) =>
        count == 0 ? 0 : count / n * Math.Log2(count * n / (row * column));

    private static double Entropy(double p) =>
        p <= 0 || p >= 1 ? 0 : -((p * Math.Log2(p)) + ((1 - p) * Math.Log2(1 - p)));
}
