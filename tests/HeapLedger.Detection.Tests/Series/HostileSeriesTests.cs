using HeapLedger.Core;
using HeapLedger.Detection.Series;

namespace HeapLedger.Detection.Tests.Series;

public sealed class HostileSeriesTests
{
    private const string Header = "device,time,uptime_s,free,min_free,largest_free,heap_size\n";

    /// <summary>An NDJSON heartbeat without its closing brace: a test adds its members and the brace.</summary>
    private const string Heartbeat = "{\"device\":\"a\",\"time\":0,\"free\":1,\"heap_size\":10,";

    [Theory]
    [InlineData("a,2025-03-01T00:00:00Z,0,100,,,1000\na,yesterday,0,100,,,1000\n", "fleet.csv:3: bad time \"yesterday\"")]
    [InlineData("a,2025-03-01T00:00:00Z,0,1e3,,,1000\n", "fleet.csv:2: bad free \"1e3\"")]
    [InlineData("a,2025-03-01T00:00:00Z,0,-5,,,1000\n", "fleet.csv:2: negative free -5")]
    [InlineData("a,2025-03-01T00:00:00Z,0,100,,,1000,extra\n", "fleet.csv:2: 8 fields where the header has 7 columns")]
    [InlineData("a,2025-03-01T00:00:00Z,0,100\n", "fleet.csv:2: 4 fields where the header has 7 columns")]
    [InlineData("\"a,2025-03-01T00:00:00Z,0,100,,,1000\n", "fleet.csv:2: unterminated quote in field 1")]
    [InlineData("a,2025-03-01T00:00:00Z,0,2000,,,1000\n", "fleet.csv:2: free figures larger than heap_size 1000")]
    [InlineData(",2025-03-01T00:00:00Z,0,100,,,1000\n", "fleet.csv:2: empty device")]
    [InlineData("a,99999999999999,0,100,,,1000\n", "fleet.csv:2: time \"99999999999999\" is out of range")]
    [InlineData("a,2025-03-01T00:00:00Z,0,100,,,0\n", "fleet.csv:2: heap_size is 0")]
    [InlineData("a,2025-02-29T00:00:00Z,0,100,,,1000\n", "fleet.csv:2: bad time \"2025-02-29T00:00:00Z\"")]
    [InlineData("a,2025-03-01T24:00:00Z,0,100,,,1000\n", "fleet.csv:2: bad time \"2025-03-01T24:00:00Z\"")]
    [InlineData("a,2025-03-01T00:00:00.Z,0,100,,,1000\n", "fleet.csv:2: bad time \"2025-03-01T00:00:00.Z\"")]
    [InlineData("a,0000-03-01T00:00:00Z,0,100,,,1000\n", "fleet.csv:2: bad time \"0000-03-01T00:00:00Z\"")]
    [InlineData("a,2025-03-01T00:00:00Z,0,99999999999999999999,,,1000\n", "fleet.csv:2: bad free \"99999999999999999999\"")]
    [InlineData("\u0001\u0002garbage\u0000,,,,,,\n", "fleet.csv:2: empty time")]
    public void AGarbledCsvLineIsReportedWithFileAndLine(string rows, string expected) =>
        AssertFails(Header + rows, HeapSeriesFormat.Csv, expected);

    [Fact]
    public void AMissingColumnIsNamed() =>
        AssertFails("device,time,uptime_s,min_free,largest_free,heap_size\na,0,0,,,1000\n", HeapSeriesFormat.Csv,
            "fleet.csv:1: missing column \"free\"");

    [Fact]
    public void ADuplicatedColumnIsNamed() =>
        AssertFails("device,time,free,free,heap_size\n", HeapSeriesFormat.Csv, "fleet.csv:1: column \"free\" appears twice");

    [Fact]
    public void AnEmptyCsvFileIsBadInput() =>
        AssertFails("\n\n", HeapSeriesFormat.Csv, "fleet.csv: empty");

    [Fact]
    public void AHugeFieldIsRefused() =>
        AssertFails(Header + new string('x', 5000) + ",2025-03-01T00:00:00Z,0,100,,,1000\n", HeapSeriesFormat.Csv,
            "fleet.csv:2: device of 5000 bytes exceeds the limit of 1024");

    [Fact]
    public void AHugeLineIsRefusedWithoutReadingItWhole() =>
        AssertFails(Header + "a," + new string('9', 200_000), HeapSeriesFormat.Csv,
            "fleet.csv:2: line longer than 65536 bytes");

    [Fact]
    public void TooManyColumnsAreRefused() =>
        AssertFails(Header.TrimEnd() + string.Concat(Enumerable.Range(0, 300).Select(i => $",x{i}")) + "\n", HeapSeriesFormat.Csv,
            "fleet.csv:1: more than 256 fields");

    [Fact]
    public void TooManyDevicesAreRefused() =>
        AssertFails(Header + "a,0,0,1,,,10\nb,0,0,1,,,10\nc,0,0,1,,,10\n", HeapSeriesFormat.Csv, "fleet.csv:4: more than 2 devices",
            SeriesLimits.Default with { MaxDevices = 2 });

    [Theory]
    [InlineData("{\"device\":\"a\",\"time\":0,\"free\":1}", "fleet.ndjson:1: missing \"heap_size\"")]
    [InlineData("{\"device\":\"a\",\"time\":0,\"free\":\"1\",\"heap_size\":10}", "fleet.ndjson:1: \"free\" must be a number")]
    [InlineData("{\"device\":\"a\",\"time\":0,\"free\":1,\"heap_size\":10,\"tags\":[1]}", "fleet.ndjson:1: member \"tags\" is an object or array")]
    [InlineData("{\"device\":\"a\",\"time\":0,\"free\":1,", "fleet.ndjson:1: bad JSON")]
    [InlineData("[1,2]", "fleet.ndjson:1: expected a JSON object")]
    [InlineData("{\"device\":\"a\",\"time\":0,\"free\":1,\"heap_size\":10} {}", "fleet.ndjson:1: bad JSON")]
    [InlineData("{\"time\":0,\"free\":1,\"heap_size\":10}", "fleet.ndjson:1: missing \"device\"")]
    [InlineData(Heartbeat + "\"sites\":{}}", "fleet.ndjson:1: \"sites\" must be an array")]
    [InlineData(Heartbeat + "\"sites\":[1]}", "fleet.ndjson:1: element 1 of \"sites\" is not an object")]
    [InlineData(Heartbeat + "\"sites\":[{\"live_count\":1,\"live_bytes\":1}]}", "fleet.ndjson:1: site 1 has no \"site\" name")]
    [InlineData(Heartbeat + "\"sites\":[{\"site\":7,\"live_count\":1,\"live_bytes\":1}]}", "fleet.ndjson:1: \"site\" must be a string")]
    [InlineData(Heartbeat + "\"sites\":[{\"site\":\"x\",\"live_count\":1}]}", "fleet.ndjson:1: site \"x\" has no \"live_bytes\"")]
    [InlineData(Heartbeat + "\"sites\":[{\"site\":\"x\",\"live_count\":1,\"live_bytes\":-4}]}", "fleet.ndjson:1: negative live_bytes -4")]
    [InlineData(Heartbeat + "\"sites\":[{\"site\":\"x\",\"live_count\":1.5,\"live_bytes\":4}]}", "fleet.ndjson:1: bad live_count \"1.5\" (expected a whole number)")]
    [InlineData(Heartbeat + "\"sites\":[{\"site\":\"x\",\"live_count\":1,\"live_bytes\":[4]}]}", "fleet.ndjson:1: bad JSON at byte 97 of the line")]
    [InlineData(Heartbeat + "\"sites\":[{\"site\":\"x\",\"live_count\":1,\"live_bytes\":4},{\"site\":\"x\",\"live_count\":1,\"live_bytes\":4}]}", "fleet.ndjson:1: site \"x\" appears twice in one heartbeat")]
    [InlineData(Heartbeat + "\"attributes\":[1]}", "fleet.ndjson:1: \"attributes\" must be an object")]
    [InlineData(Heartbeat + "\"attributes\":{\"a\":{}}}", "fleet.ndjson:1: attribute \"a\" is an object or array")]
    public void AGarbledNdjsonLineIsReportedWithFileAndLine(string line, string expected) =>
        AssertFails(line + "\n", HeapSeriesFormat.Ndjson, expected);

    [Fact]
    public void TooManySitesOnOneDeviceAreRefusedAtTheLineThatBringsOneTooMany() =>
        AssertFails(
            Heartbeat + "\"sites\":[{\"site\":\"x\",\"live_count\":1,\"live_bytes\":4}]}\n" + Heartbeat + "\"sites\":[{\"site\":\"x\",\"live_count\":1,\"live_bytes\":4},{\"site\":\"y\",\"live_count\":1,\"live_bytes\":4}]}\n"
                + Heartbeat + "\"sites\":[{\"site\":\"y\",\"live_count\":1,\"live_bytes\":4},{\"site\":\"z\",\"live_count\":1,\"live_bytes\":4}]}\n",
            HeapSeriesFormat.Ndjson,
            "fleet.ndjson:3: device \"a\" has more than 2 distinct sites (SeriesLimits.MaxSitesPerDevice)",
            SeriesLimits.Default with { MaxSitesPerDevice = 2 });

    [Fact]
    public void TooManySitesInOneHeartbeatAreRefusedBeforeTheyAreRead() =>
        AssertFails(
            Heartbeat + "\"sites\":[" + string.Join(",", Enumerable.Range(0, 3).Select(i => $"{{\"site\":\"s{i}\",\"live_count\":1,\"live_bytes\":4}}")) + "]}\n",
            HeapSeriesFormat.Ndjson,
            "fleet.ndjson:1: more than 2 sites in one heartbeat (SeriesLimits.MaxSitesPerDevice)",
            SeriesLimits.Default with { MaxSitesPerDevice = 2 });

    private static void AssertFails(string text, HeapSeriesFormat format, string expected, SeriesLimits? limits = null)
    {
        var error = Assert.Throws<HeapLedgerException>(() => SeriesText.Read(text, format, limits));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
