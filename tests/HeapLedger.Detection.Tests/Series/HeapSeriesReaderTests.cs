using HeapLedger.Detection.Series;

namespace HeapLedger.Detection.Tests.Series;

public sealed class HeapSeriesReaderTests
{
    private static readonly DateTimeOffset March1 = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ACsvSeriesIsReadWithColumnsInAnyOrderAndAttributes()
    {
        var devices = SeriesText.Read("""
            heap_size,free,device,time,uptime_s,min_free,largest_free,firmware,region
            65536,40000,gw-1,2025-03-01T00:00:00Z,10,39000,30000,1.4.2,"eu, west"
            65536,39500,gw-1,2025-03-01T01:00:00Z,3610,38000,29000,1.4.3,"eu, west"
            """);

        var device = Assert.Single(devices);
        Assert.Equal("gw-1", device.Device);
        Assert.Equal(2, device.Points.Count);
        Assert.Equal(new HeapPoint(March1, 10, 40000, 39000, 30000, 65536), device.Points[0]);
        Assert.Equal(26036, device.Points[1].Used);
        Assert.Equal("1.4.3", device.Attributes["firmware"]);
        Assert.Equal("eu, west", device.Attributes["region"]);
    }

    [Fact]
    public void UnixSecondsAndIsoTimesMeanTheSameInstant()
    {
        var devices = SeriesText.Read("""
            device,time,uptime_s,free,min_free,largest_free,heap_size
            a,1740787200,0,100,,,1000
            b,2025-03-01T00:00:00Z,0,100,,,1000
            c,2025-03-01T01:00:00+01:00,0,100,,,1000
            d,1740787200.5,0,100,,,1000
            """);

        Assert.All(devices.Take(3), d => Assert.Equal(March1, d.Points[0].Time));
        Assert.Equal(March1.AddMilliseconds(500), devices[3].Points[0].Time);
    }

    [Theory]
    [InlineData("2025-03-01T00:00:00.5Z")]
    [InlineData("2025-03-01T00:00:00.1234567Z")]
    [InlineData("2025-03-01T23:59:59")]
    [InlineData("2024-02-29T12:00:00Z")]
    [InlineData("2025-03-01T00:00:00.123456789Z")]
    [InlineData("2025-03-01T01:00:00.25+01:00")]
    [InlineData("2025-03-01 00:00:00Z")]
    public void IsoTimesReadAsTheSameInstantAsDotNetParsesThem(string time)
    {
        var point = SeriesText.Read($"device,time,free,heap_size\na,{time},100,1000\n")[0].Points[0];

        var expected = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(expected.UtcTicks, point.Time.UtcTicks);
        Assert.Equal(TimeSpan.Zero, point.Time.Offset);
    }

    [Fact]
    public void EmptyOptionalColumnsAreNull()
    {
        var point = SeriesText.Read("""
            device,time,uptime_s,free,min_free,largest_free,heap_size
            a,2025-03-01T00:00:00Z,,100,,,1000
            """)[0].Points[0];

        Assert.Null(point.MinimumFree);
        Assert.Null(point.LargestFree);
        Assert.Null(point.UptimeSeconds);
    }

    [Fact]
    public void TheOptionalColumnsMayBeLeftOutOfTheHeader()
    {
        var point = SeriesText.Read("device,time,free,heap_size\r\na,2025-03-01T00:00:00Z,100,1000\r\n")[0].Points[0];

        Assert.Equal(100, point.Free);
        Assert.Null(point.LargestFree);
    }

    [Fact]
    public void AnNdjsonSeriesIsReadWithAttributes()
    {
        var devices = SeriesText.Read("""
            {"device":"gw-1","time":"2025-03-01T00:00:00Z","uptime_s":10,"free":40000,"min_free":null,"largest_free":30000,"heap_size":65536,"firmware":"1.4.2","beta":true}
            {"device":"gw-2","time":1740787200,"uptime_s":5,"free":50000,"heap_size":65536,"region":"eu","build":7}

            {"device":"gw-1","time":"2025-03-01T01:00:00Z","uptime_s":3610,"free":39000,"min_free":38000,"largest_free":29000,"heap_size":65536}
            """, HeapSeriesFormat.Ndjson);

        Assert.Equal(["gw-1", "gw-2"], devices.Select(d => d.Device));
        Assert.Equal(new HeapPoint(March1, 10, 40000, null, 30000, 65536), devices[0].Points[0]);
        Assert.Equal(38000, devices[0].Points[1].MinimumFree);
        Assert.Equal("1.4.2", devices[0].Attributes["firmware"]);
        Assert.Equal("true", devices[0].Attributes["beta"]);
        Assert.Equal(March1, devices[1].Points[0].Time);
        Assert.Equal("7", devices[1].Attributes["build"]);
    }

    [Fact]
    public void InputNotGroupedByDeviceIsReadAgainForTheWholeFleet()
    {
        var devices = SeriesText.ReadGrouped("""
            device,time,free,heap_size
            a,1740787200,100,1000
            b,1740787200,200,1000
            a,1740790800,90,1000
            """);

        Assert.Equal(["a", "b"], devices.Select(d => d.Device));
        Assert.Equal([100L, 90L], devices[0].Points.Select(p => p.Free));
    }

    [Fact]
    public void AnAttributeKeepsItsLatestNonEmptyValue()
    {
        var device = SeriesText.ReadGrouped("""
            device,time,free,heap_size,firmware,region
            a,1740787200,100,1000,1.0,eu
            a,1740790800,90,1000,1.1,
            a,1740794400,80,1000,,
            b,1740787200,100,1000,,us
            """);

        Assert.Equal(new Dictionary<string, string> { ["firmware"] = "1.1", ["region"] = "eu" }, device[0].Attributes);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "us" }, device[1].Attributes);
    }

    [Fact]
    public void HeartbeatsOutOfOrderAreSortedByTime()
    {
        var device = SeriesText.Read("""
            device,time,free,heap_size
            a,1740790800,90,1000
            a,1740787200,100,1000
            """)[0];

        Assert.Equal([100L, 90L], device.Points.Select(p => p.Free));
    }

    [Fact]
    public void TheFormatIsToldByNameAndElseByTheFirstCharacter()
    {
        Assert.Equal(HeapSeriesFormat.Ndjson, HeapSeriesReader.DetectFormat("x.jsonl", "device"u8));
        Assert.Equal(HeapSeriesFormat.Ndjson, HeapSeriesReader.DetectFormat("x.ndjson.gz", "device"u8));
        Assert.Equal(HeapSeriesFormat.Csv, HeapSeriesReader.DetectFormat("x.csv", "{"u8));
        Assert.Equal(HeapSeriesFormat.Ndjson, HeapSeriesReader.DetectFormat("x.log", "\n  {\"device\""u8));
        Assert.Equal(HeapSeriesFormat.Csv, HeapSeriesReader.DetectFormat("x.log", "device,time"u8));
    }
}
