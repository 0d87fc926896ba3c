using HeapLedger.Detection.Series;

namespace HeapLedger.Detection.Tests.Series;

/// <summary>The <c>sites</c> of NDJSON heartbeats: per-site ledgers kept per device, each sample pointing at its heartbeat.</summary>
public sealed class SiteLedgerReaderTests
{
    [Fact]
    public void SitesAreKeptPerSiteInOrderOfFirstAppearance()
    {
        var device = Assert.Single(SeriesText.Read("""
            {"device":"gw-1","seq":1,"time":0,"uptime_s":0,"free":900,"heap_size":1000,"sites":[{"site":"a.c:1","live_count":1,"live_bytes":64}],"attributes":{"firmware":"1.4.2","beta":true}}
            {"device":"gw-1","seq":2,"time":3600,"uptime_s":3600,"free":800,"heap_size":1000,"sites":[{"site":"b.c:2","live_count":2,"live_bytes":32},{"site":"a.c:1","live_count":3,"live_bytes":192}]}
            {"device":"gw-1","seq":3,"time":7200,"uptime_s":7200,"free":800,"heap_size":1000}
            {"device":"gw-1","seq":4,"time":10800,"uptime_s":10800,"free":700,"heap_size":1000,"sites":[{"site":"a.c:1","live_count":4,"live_bytes":256,"peak_bytes":300}]}
            """, HeapSeriesFormat.Ndjson));

        Assert.Equal(4, device.Points.Count);
        Assert.Equal(["a.c:1", "b.c:2"], device.Sites.Select(s => s.Site));
        Assert.Equal([new SiteSample(0, 1, 64), new SiteSample(1, 3, 192), new SiteSample(3, 4, 256)], device.Sites[0].Samples);
        Assert.Equal([new SiteSample(1, 2, 32)], device.Sites[1].Samples);
        Assert.Equal("1.4.2", device.Attributes["firmware"]);
        Assert.Equal("true", device.Attributes["beta"]);
        Assert.False(device.Attributes.ContainsKey("seq"));
    }

    [Fact]
    public void HeartbeatsOutOfOrderTakeTheirSitesAlong()
    {
        var device = Assert.Single(SeriesText.Read("""
            {"device":"a","time":7200,"free":700,"heap_size":1000,"sites":[{"site":"x","live_count":3,"live_bytes":300}]}
            {"device":"a","time":0,"free":900,"heap_size":1000,"sites":[{"site":"x","live_count":1,"live_bytes":100}]}
            {"device":"a","time":3600,"free":800,"heap_size":1000,"sites":[{"site":"x","live_count":2,"live_bytes":200}]}
            """, HeapSeriesFormat.Ndjson));

        Assert.Equal([900L, 800, 700], device.Points.Select(p => p.Free));
        Assert.Equal([new SiteSample(0, 1, 100), new SiteSample(1, 2, 200), new SiteSample(2, 3, 300)], device.Sites[0].Samples);
    }

    [Fact]
    public void NullOrEmptySitesAndCsvHaveNoSites()
    {
        var ndjson = SeriesText.Read("""
            {"device":"a","time":0,"free":900,"heap_size":1000,"sites":null,"attributes":null}
            {"device":"a","time":1,"free":900,"heap_size":1000,"sites":[]}
            """, HeapSeriesFormat.Ndjson);
        var csv = SeriesText.Read("device,time,free,heap_size\na,0,900,1000\n");

        Assert.Empty(ndjson[0].Sites);
        Assert.Equal(2, ndjson[0].Points.Count);
        Assert.Empty(csv[0].Sites);
    }

    [Fact]
    public void EachDeviceHasItsOwnSitesWhenReadGrouped()
    {
        var devices = SeriesText.ReadGrouped("""
            {"device":"a","time":0,"free":900,"heap_size":1000,"sites":[{"site":"x","live_count":1,"live_bytes":100}]}
            {"device":"b","time":0,"free":900,"heap_size":1000,"sites":[{"site":"y","live_count":1,"live_bytes":100}]}
            """, HeapSeriesFormat.Ndjson);

        Assert.Equal(["x"], devices[0].Sites.Select(s => s.Site));
        Assert.Equal(["y"], devices[1].Sites.Select(s => s.Site));
    }
}
