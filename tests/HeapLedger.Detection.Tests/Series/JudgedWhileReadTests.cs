using System.Text;
using HeapLedger.Core;
using HeapLedger.Detection.Series;

namespace HeapLedger.Detection.Tests.Series;

/// <summary><see cref="HeapSeriesReader.ForEachDevice{T}"/> judges devices on worker threads while it reads the next ones.</summary>
public sealed class JudgedWhileReadTests
{
    private static readonly string Fleet = FleetCsv(devices: 200, rows: 5);

    [Fact]
    public void ResultsComeBackInTheOrderOfTheInputWhateverTheJudgesTake()
    {
        var results = ForEach(Fleet, series =>
        {
            Thread.Sleep(series.Device.EndsWith('7') ? 3 : 0);
            return series.Device;
        });

        Assert.Equal(Enumerable.Range(0, 200).Select(Name), results);
    }

    [Fact]
    public void AJudgementThatFailsStopsTheReadWithItsOwnException()
    {
        var judged = 0;

        var error = Assert.Throws<InvalidOperationException>(() => ForEach(Fleet, series =>
        {
            Interlocked.Increment(ref judged);
            return series.Device == Name(3) ? throw new InvalidOperationException("judge failed") : series.Device;
        }));

        Assert.Equal("judge failed", error.Message);
        Assert.True(judged < 200, $"{judged} devices judged after the failure");
    }

    [Fact]
    public void BadInputAfterDevicesWereJudgedNamesItsLine()
    {
        var text = Fleet + "dev-x,1740787200,lots,1000\n";

        var error = Assert.Throws<HeapLedgerException>(() => ForEach(text, series => series.Device));

        Assert.StartsWith("fleet.csv:1002: bad free \"lots\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InputNotGroupedIsJudgedOnceForEachDevice()
    {
        var results = ForEach(Fleet + FleetCsv(devices: 1, rows: 1).Split('\n', 2)[1], series => (series.Device, series.Points.Count));

        Assert.Equal(200, results.Count);
        Assert.Equal((Name(0), 6), results[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SitesTravelWithTheirDeviceToTheJudge(bool grouped)
    {
        // Three heartbeats a device, each with one site's ledger: "dev-NNN.c:0" at the first and third, "dev-NNN.c:1" at the second.
        static string Line(int d, int r) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $$"""{"device":"{{Name(d)}}","seq":{{r}},"time":{{1740787200 + (r * 3600)}},"free":{{1000 - r}},"heap_size":2000,"sites":[{"site":"{{Name(d)}}.c:{{r % 2}}","live_count":{{r + 1}},"live_bytes":{{(d * 10) + r}}}]}""");
        var lines = grouped
            ? Enumerable.Range(0, 50).SelectMany(d => Enumerable.Range(0, 3).Select(r => Line(d, r)))
            : Enumerable.Range(0, 3).SelectMany(r => Enumerable.Range(0, 50).Select(d => Line(d, r)));
        var text = string.Join('\n', lines) + "\n";

        var results = HeapSeriesReader.ForEachDevice(() => new MemoryStream(Encoding.UTF8.GetBytes(text)), "fleet.ndjson", HeapSeriesFormat.Ndjson, series =>
        {
            Thread.Sleep(series.Device.EndsWith('7') ? 3 : 0);
            return (series.Device, series.Sites);
        });

        Assert.Equal(Enumerable.Range(0, 50).Select(Name), results.Select(r => r.Device));
        for (var d = 0; d < 50; d++)
        {
            var sites = results[d].Sites;
            Assert.Equal([$"{Name(d)}.c:0", $"{Name(d)}.c:1"], sites.Select(s => s.Site));
            Assert.Equal([new SiteSample(0, 1, d * 10), new SiteSample(2, 3, (d * 10) + 2)], sites[0].Samples);
            Assert.Equal([new SiteSample(1, 2, (d * 10) + 1)], sites[1].Samples);
        }
    }

    private static List<T> ForEach<T>(string text, Func<DeviceSeries, T> judge) =>
        HeapSeriesReader.ForEachDevice(() => new MemoryStream(Encoding.UTF8.GetBytes(text)), "fleet.csv", HeapSeriesFormat.Csv, judge);

    private static string Name(int device) => $"dev-{device:D3}";

    private static string FleetCsv(int devices, int rows)
    {
        var csv = new StringBuilder("device,time,free,heap_size\n");
        for (var d = 0; d < devices; d++)
        {
            for (var r = 0; r < rows; r++)
            {
                csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{Name(d)},{1740787200 + (r * 3600)},{1000 - r},2000\n");
            }
        }

        return csv.ToString();
    }
}
