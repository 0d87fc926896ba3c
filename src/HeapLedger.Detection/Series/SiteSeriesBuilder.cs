namespace HeapLedger.Detection.Series;

/// <summary>
/// One device's site ledgers as its heartbeats are read: each site's name held once, its samples
/// appended in the order of the heartbeats. The caller bounds the number of sites
/// (<see cref="SeriesLimits.MaxSitesPerDevice"/>) with <see cref="Contains"/> and <see cref="Count"/>,
/// so that its error can name the file and line.
/// </summary>
public sealed class SiteSeriesBuilder
{
    private readonly Dictionary<string, List<SiteSample>> samples = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <summary>Distinct sites so far.</summary>
    public int Count => order.Count;

    public bool Contains(string site) => samples.ContainsKey(site);

    /// <summary>Adds a site's figures at a heartbeat; a second row for the same site and heartbeat adds to the first (two addresses that name one site).</summary>
    public void Add(string site, SiteSample sample)
    {
        if (!samples.TryGetValue(site, out var list))
        {
            list = [];
            samples.Add(site, list);
            order.Add(site);
        }

        if (list.Count > 0 && list[^1].Point == sample.Point)
        {
            list[^1] = sample with { LiveCount = list[^1].LiveCount + sample.LiveCount, LiveBytes = list[^1].LiveBytes + sample.LiveBytes };
        }
        else
        {
            list.Add(sample);
        }
    }

    /// <summary>The sites in order of first appearance.</summary>
    /// <param name="position">Where each heartbeat went when the points were sorted by time (null: they were in order).</param>
    public IReadOnlyList<SiteSeries> Build(int[]? position = null) =>
        [.. order.Select(site => new SiteSeries(site, position is null
            ? samples[site]
            : [.. samples[site].Select(s => s with { Point = position[s.Point] }).OrderBy(s => s.Point)]))];
}
