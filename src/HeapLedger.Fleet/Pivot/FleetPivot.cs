using HeapLedger.Detection;

namespace HeapLedger.Fleet.Pivot;

/// <summary>
/// Answers "what do the draining devices share?": the attribute values (and pairs of values from
/// two attributes) over-represented among leaking devices compared with healthy ones, and the
/// sites that leak on the most devices. Each candidate is a 2×2 table (leaking / healthy × with /
/// without), tested with Fisher's exact test (one-sided) and corrected with Holm over every test
/// made; findings are ranked by the mutual information between having the value and leaking, as
/// a share of what there is to explain. Devices with insufficient data are left out.
/// docs/pivot-and-alerts.md gives the method and why each threshold.
/// <para>
/// Cost: one pass over the devices' attributes, then one bitset intersection per pair of values
/// (devices / 64 words each), at most <see cref="PivotOptions.MaxPairValues"/>² / 2 pairs.
/// </para>
/// </summary>
public sealed class FleetPivot(PivotOptions options)
{
    public FleetPivot() : this(PivotOptions.Default) { }

    public PivotOptions Options { get; } = options;

    public PivotReport Analyze(IEnumerable<PivotDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var leaking = new List<PivotDevice>();
        var healthy = new List<PivotDevice>();
        var excluded = 0;
        foreach (var device in devices)
        {
            switch (device.Verdict)
            {
                case DeviceVerdict.Leaking: leaking.Add(device); break;
                case DeviceVerdict.Healthy: healthy.Add(device); break;
                default: excluded++; break;
            }
        }

        // Leaking devices take the indices below leaking.Count (DeviceSet counts them as a prefix).
        var all = leaking.Concat(healthy).ToArray();
        var truncated = new List<string>();
        var candidates = Candidates(all, leaking.Count, truncated);
        var tables = Tables(candidates, leaking.Count);
        var findings = Findings(tables, candidates, leaking.Count, healthy.Count);
        var (withLedgers, sites) = Sites(leaking, healthy);
        return new PivotReport(leaking.Count, healthy.Count, excluded, tables.Count, findings, withLedgers, sites, truncated);
    }

    /// <summary>One value of one attribute with the devices holding it.</summary>
    private sealed record Candidate(int Attribute, AttributeValue Value, int Leaking, int All, DeviceSet Members);

    /// <summary>A tested table: which candidates (one or two), and its counts.</summary>
    private readonly record struct Table(int First, int Second, int Leaking, int All);

    private List<Candidate> Candidates(PivotDevice[] all, int leakingCount, List<string> truncated)
    {
        var byAttribute = new Dictionary<string, Dictionary<string, List<int>>>(StringComparer.Ordinal);
        for (var index = 0; index < all.Length; index++)
        {
            foreach (var (name, value) in all[index].Attributes)
            {
                if (!byAttribute.TryGetValue(name, out var values))
                {
                    values = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                    byAttribute.Add(name, values);
                }

                if (!values.TryGetValue(value, out var holders))
                {
                    holders = [];
                    values.Add(value, holders);
                }

                holders.Add(index);
            }
        }

        var attributes = byAttribute
            .Select(static pair => (Name: pair.Key, Values: pair.Value, Devices: pair.Value.Values.Sum(static list => list.Count)))
            .OrderByDescending(static a => a.Devices)
            .ThenBy(static a => a.Name, StringComparer.Ordinal)
            .ToList();
        truncated.AddRange(attributes.Skip(Options.MaxAttributes).Select(static a => a.Name));

        var minimum = MinimumLeaking(leakingCount);
        var candidates = new List<Candidate>();
        var attributeIndex = 0;
        foreach (var (name, values, _) in attributes.Take(Options.MaxAttributes))
        {
            var ranked = values
                .Select(pair => (Value: pair.Key, Holders: pair.Value, Leaking: CountBelow(pair.Value, leakingCount)))
                .OrderByDescending(static v => v.Leaking)
                .ThenByDescending(static v => v.Holders.Count)
                .ThenBy(static v => v.Value, StringComparer.Ordinal)
                .ToList();
            if (ranked.Count > Options.MaxValuesPerAttribute)
            {
                truncated.Add(name);
            }

            foreach (var (value, holders, leakingHolders) in ranked.Take(Options.MaxValuesPerAttribute))
            {
                if (leakingHolders >= minimum)
                {
                    candidates.Add(new Candidate(attributeIndex, new AttributeValue(name, value), leakingHolders, holders.Count, new DeviceSet(all.Length, holders)));
                }
            }

            attributeIndex++;
        }

        return candidates;
    }

    /// <summary>Fewer leaking devices than this are not what the leaking devices share.</summary>
    private int MinimumLeaking(int leakingCount) =>
        Math.Max(Options.MinLeakingDevices, (int)Math.Ceiling(Options.MinSupport * leakingCount));

    /// <summary>Holders are added in index order, so the leaking ones come first.</summary>
    private static int CountBelow(List<int> sortedHolders, int bound)
    {
        var position = sortedHolders.BinarySearch(bound);
        return position >= 0 ? position : ~position;
    }

    /// <summary>The singles first, table i for candidate i; then the pairs.</summary>
    private List<Table> Tables(List<Candidate> candidates, int leakingCount)
    {
        var tables = new List<Table>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            tables.Add(new Table(i, -1, candidates[i].Leaking, candidates[i].All));
        }

        if (!Options.IncludePairs)
        {
            return tables;
        }

        var minimum = MinimumLeaking(leakingCount);
        var paired = Enumerable.Range(0, candidates.Count)
            .OrderByDescending(i => candidates[i].Leaking)
            .ThenBy(static i => i)
            .Take(Options.MaxPairValues)
            .Order()
            .ToArray();
        for (var x = 0; x < paired.Length; x++)
        {
            var first = candidates[paired[x]];
            for (var y = x + 1; y < paired.Length; y++)
            {
                var second = candidates[paired[y]];
                if (first.Attribute == second.Attribute)
                {
                    continue; // one device has one value per attribute: the pair is empty
                }

                var (leakingBoth, allBoth) = first.Members.CountBoth(second.Members, leakingCount);
                if (leakingBoth >= minimum)
                {
                    tables.Add(new Table(paired[x], paired[y], leakingBoth, allBoth));
                }
            }
        }

        return tables;
    }

    private List<PivotFinding> Findings(List<Table> tables, List<Candidate> candidates, int leakingTotal, int healthyTotal)
    {
        if (leakingTotal == 0 || healthyTotal == 0 || tables.Count == 0)
        {
            return [];
        }

        var fisher = new FisherExact(leakingTotal + healthyTotal);
        var pValues = new double[tables.Count];
        var explained = new double[tables.Count];
        for (var i = 0; i < tables.Count; i++)
        {
            var (a, b, c, d) = Cells(tables[i], leakingTotal, healthyTotal);
            pValues[i] = fisher.Greater(a, b, c, d);
            explained[i] = Information.ExplainedShare(a, b, c, d);
        }

        var adjusted = HolmCorrection.Adjust(pValues);
        var findings = new List<PivotFinding>();
        for (var i = 0; i < tables.Count; i++)
        {
            var table = tables[i];
            var (a, b, c, d) = Cells(table, leakingTotal, healthyTotal);
            var n = a + b + c + d;
            var precision = (double)a / table.All;
            var lift = precision / ((double)leakingTotal / n);
            // A pair is worth a line only when it explains more than each of its values alone.
            if (lift <= 1 || (table.Second >= 0 && (explained[i] <= explained[table.First] || explained[i] <= explained[table.Second])))
            {
                continue;
            }

            AttributeValue[] conditions = table.Second < 0
                ? [candidates[table.First].Value]
                : [candidates[table.First].Value, candidates[table.Second].Value];
            double? relativeRisk = b == 0 ? null : precision / ((double)b / (b + d));
            findings.Add(new PivotFinding(
                conditions, a, leakingTotal, c, healthyTotal, (double)a / leakingTotal, precision, lift, relativeRisk,
                pValues[i], adjusted[i], adjusted[i] <= Options.Alpha, explained[i]));
        }

        return
        [
            .. findings
                .OrderByDescending(static f => f.Significant)
                .ThenByDescending(static f => f.Explained)
                .ThenBy(static f => f.PValue)
                .ThenBy(static f => f.Description, StringComparer.Ordinal)
                .Take(Options.MaxFindings),
        ];
    }

    private static (int A, int B, int C, int D) Cells(Table table, int leakingTotal, int healthyTotal)
    {
        var healthyWith = table.All - table.Leaking;
        return (table.Leaking, leakingTotal - table.Leaking, healthyWith, healthyTotal - healthyWith);
    }

    private (int WithLedgers, List<SiteFinding> Sites) Sites(List<PivotDevice> leaking, List<PivotDevice> healthy)
    {
        var counts = new Dictionary<string, (int Leaking, int Other)>(StringComparer.Ordinal);
        var withLedgers = 0;
        foreach (var device in leaking.Where(static d => d.LeakingSites is not null))
        {
            withLedgers++;
            foreach (var site in device.LeakingSites!.Distinct(StringComparer.Ordinal))
            {
                counts[site] = counts.TryGetValue(site, out var count) ? (count.Leaking + 1, count.Other) : (1, 0);
            }
        }

        foreach (var device in healthy.Where(static d => d.LeakingSites is not null))
        {
            foreach (var site in device.LeakingSites!.Distinct(StringComparer.Ordinal))
            {
                counts[site] = counts.TryGetValue(site, out var count) ? (count.Leaking, count.Other + 1) : (0, 1);
            }
        }

        var sites = counts
            .Where(static pair => pair.Value.Leaking > 0)
            .OrderByDescending(static pair => pair.Value.Leaking)
            .ThenBy(static pair => pair.Value.Other)
            .ThenBy(static pair => pair.Key, StringComparer.Ordinal)
            .Take(Options.MaxSites)
            .Select(pair => new SiteFinding(pair.Key, pair.Value.Leaking, (double)pair.Value.Leaking / withLedgers, pair.Value.Other))
            .ToList();
        return (withLedgers, sites);
    }
}
