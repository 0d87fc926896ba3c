namespace HeapLedger.Fleet.Pivot;

/// <summary>
/// Holm's step-down Bonferroni: the i-th smallest of m p-values is multiplied by m − i + 1, and
/// adjusted values are made non-decreasing in that order. It holds the family-wise error rate
/// (the chance that any reported finding is chance) like Bonferroni, and rejects at least as much.
/// </summary>
public static class HolmCorrection
{
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).ToArray();
        Array.Sort(order, (x, y) =>
        {
            var byP = pValues[x].CompareTo(pValues[y]);
            return byP != 0 ? byP : x.CompareTo(y);
        });
        var adjusted = new double[m];
        double running = 0;
        for (var rank = 0; rank < m; rank++)
        {
            var index = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }

        return adjusted;
    }
}
