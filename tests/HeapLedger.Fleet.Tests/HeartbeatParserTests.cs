using System.Text;
using HeapLedger.Fleet.Ingest;

namespace HeapLedger.Fleet.Tests;

/// <summary>The heartbeat body parser on good bodies and on hostile ones built in memory, asserting on the messages.</summary>
public sealed class HeartbeatParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private const string Good = """{"device":"gw-0012","seq":812,"time":"2026-03-01T00:00:00Z","uptime_s":86400,"free":40960,"min_free":38912,"largest_free":30720,"heap_size":65536,"sites":[{"site":"modem_driver.c:41","live_count":12,"live_bytes":7200}],"attributes":{"firmware":"1.4.2","build":42,"debug":false}}""";

    [Fact]
    public void OneObjectIsOneHeartbeatWithEveryField()
    {
        var beat = Assert.Single(Parse(Good).Items).Heartbeat!;
        Assert.Equal("gw-0012", beat.Device);
        Assert.Equal(812, beat.Seq);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), beat.Time);
        Assert.Equal(86400, beat.UptimeSeconds);
        Assert.Equal((40960L, 38912L, 30720L, 65536L), (beat.Free, beat.MinFree!.Value, beat.LargestFree!.Value, beat.HeapSize));
        Assert.Equal(new SiteReading("modem_driver.c:41", 12, 7200), Assert.Single(beat.Sites));
        Assert.Equal("1.4.2", beat.Attributes["firmware"]);
        Assert.Equal("42", beat.Attributes["build"]);
        Assert.Equal("false", beat.Attributes["debug"]);
    }

    [Fact]
    public void AnArrayAndNdjsonGiveOneItemEachInOrder()
    {
        var array = Parse($"[{Good},\n{Good.Replace("812", "813", StringComparison.Ordinal)}]");
        Assert.Equal([812L, 813L], array.Items.Select(i => i.Heartbeat!.Seq));
        var lines = Parse($"{Good}\r\n\n{Good.Replace("812", "813", StringComparison.Ordinal)}\n", BodyFormat.Ndjson);
        Assert.Equal([(0, 1), (1, 3)], lines.Items.Select(i => (i.Index, i.Line!.Value)));
    }

    [Fact]
    public void UnixSecondsNullsAndUnknownMembersAreAccepted()
    {
        var beat = Assert.Single(Parse("""{"device":"d1","seq":1,"time":1772323200,"free":10,"heap_size":20,"min_free":null,"uptime_s":null,"future":{"x":[1,2]}}""").Items).Heartbeat!;
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), beat.Time);
        Assert.Null(beat.MinFree);
        Assert.Null(beat.UptimeSeconds);
    }

    [Fact]
    public void ANotehubEventCarriesTheHeartbeatInItsBody()
    {
        var beat = Assert.Single(Parse("""
            {"event":"5d5a0f96-3e1f-4a3c-9e0e-0d0e5a0e1f2a","session":"abc","best_id":"gw-0012","device":"dev:864475044203262","sn":"gw-0012",
             "product":"product:com.example:heap","received":1772323201.5,"routed":1772323203,"req":"note.add","when":1772323200,"file":"heap.qo",
             "body":{"free":40960,"largest_free":30720,"heap_size":65536,"uptime_s":3600,"attributes":{"firmware":"1.4.2"}},
             "tower_lat":48.1,"tower_lon":11.5}
            """).Items).Heartbeat!;
        Assert.Equal("dev:864475044203262", beat.Device);
        Assert.Equal(1772323200, beat.Seq); // when, as no seq was given
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), beat.Time);
        Assert.Equal(40960, beat.Free);
        Assert.Equal("gw-0012", beat.Attributes["sn"]);
        Assert.Equal("product:com.example:heap", beat.Attributes["product"]);
        Assert.Equal("1.4.2", beat.Attributes["firmware"]);
    }

    [Fact]
    public void ABodysOwnDeviceSeqAndTimeWinOverTheEvents()
    {
        var beat = Assert.Single(Parse("""{"device":"dev:1","when":1772323200,"body":{"device":"gw-7","seq":5,"time":"2026-03-01T01:00:00Z","free":1,"heap_size":2}}""").Items).Heartbeat!;
        Assert.Equal(("gw-7", 5L, 1), (beat.Device, beat.Seq, beat.Time.Hour));
    }

    [Theory]
    [InlineData("""{"seq":1,"time":1772323200,"free":"lots","heap_size":2}""", "\"free\" must be a whole number, found the string \"lots\"")]
    [InlineData("""{"seq":1,"time":1772323200,"free":-5,"heap_size":2}""", "negative free -5")]
    [InlineData("""{"seq":1,"time":1772323200,"free":1.5,"heap_size":2}""", "free 1.5 is not a whole number that fits in 64 bits")]
    [InlineData("""{"seq":1,"time":1772323200,"free":123456789012345678901234567890,"heap_size":2}""", "free 123456789012345678901234567890 is not a whole number that fits in 64 bits")]
    [InlineData("""{"seq":1,"time":1772323200,"free":1e300,"heap_size":2}""", "free 1e300 is not a whole number that fits in 64 bits")]
    [InlineData("""{"seq":1,"time":1772323200,"free":70000,"heap_size":65536}""", "free 70000 is larger than heap_size 65536")]
    [InlineData("""{"seq":1,"time":1772323200,"free":100,"min_free":200,"heap_size":300}""", "min_free 200 is larger than free 100 (it is the lowest free ever seen)")]
    [InlineData("""{"seq":1,"time":1772323200,"free":100,"largest_free":200,"heap_size":300}""", "largest_free 200 is larger than free 100")]
    [InlineData("""{"seq":1,"time":1772323200,"free":0,"heap_size":0}""", "heap_size is 0")]
    [InlineData("""{"seq":1,"time":1772323200,"free":0,"heap_size":2000000000000}""", "heap_size 2000000000000 is more than 1099511627776 bytes (HeartbeatLimits.MaxHeapBytes)")]
    [InlineData("""{"seq":1,"time":"2030-01-01T00:00:00Z","free":1,"heap_size":2}""", "time 2030-01-01T00:00:00Z is more than 24 h ahead of the service's clock (2026-03-02T00:00:00Z)")]
    [InlineData("""{"seq":1,"time":0,"free":1,"heap_size":2}""", "time 1970-01-01T00:00:00Z is before 2000-01-01T00:00:00Z: the device's clock is not set")]
    [InlineData("""{"seq":1,"time":"yesterday","free":1,"heap_size":2}""", "bad time \"yesterday\" (expected ISO-8601 UTC such as 2026-03-01T12:00:00Z, or Unix seconds)")]
    [InlineData("""{"seq":1,"time":true,"free":1,"heap_size":2}""", "\"time\" must be an ISO-8601 string or Unix seconds, found true")]
    [InlineData("""{"seq":1,"time":1772323200,"free":1}""", "missing \"heap_size\"")]
    [InlineData("""{"time":1772323200,"free":1,"heap_size":2}""", "missing \"seq\" (the heartbeat's sequence number, which makes a retry harmless)")]
    [InlineData("""{"seq":1,"seq":2,"time":1772323200,"free":1,"heap_size":2}""", "member \"seq\" appears twice")]
    [InlineData("""{"device":7,"seq":1,"time":1772323200,"free":1,"heap_size":2}""", "\"device\" must be a string, found the number 7")]
    [InlineData("""{"device":"a b","seq":1,"time":1772323200,"free":1,"heap_size":2}""", "device \"a b\" is not a device id: character 2 is not a letter, a digit or one of . _ : @ -")]
    [InlineData("""{"seq":1,"time":1772323200,"free":1,"heap_size":2,"uptime_s":-1}""", "uptime_s -1 is out of range")]
    [InlineData("""{"seq":1,"time":1772323200,"free":1,"heap_size":2,"sites":{}}""", "\"sites\" must be an array of {\"site\",\"live_count\",\"live_bytes\"} objects, found an object")]
    [InlineData("""{"seq":1,"time":1772323200,"free":1,"heap_size":2,"sites":[{"site":"a","live_count":1}]}""", "sites[0] (\"a\") has no \"live_bytes\"")]
    [InlineData("""{"seq":1,"time":1772323200,"free":1,"heap_size":2,"sites":[{"site":"a","live_count":1,"live_bytes":1},{"site":"a","live_count":1,"live_bytes":1}]}""", "site \"a\" appears twice in one heartbeat")]
    [InlineData("""{"seq":1,"time":1772323200,"free":1,"heap_size":2,"sites":[3]}""", "sites[0] must be an object {\"site\",\"live_count\",\"live_bytes\"}, found the number 3")]
    [InlineData("""{"seq":1,"time":1772323200,"free":1,"heap_size":2,"attributes":{"fw":{"v":1}}}""", "attribute \"fw\" must be a string, number or boolean, found an object")]
    [InlineData("""{"seq":1,"time":1772323200,"free":1,"heap_size":2,"attributes":{"fw":"1","fw":"2"}}""", "attribute \"fw\" appears twice")]
    [InlineData("""{"seq":1,"time":1772323200,"free":1,"heap_size":2,"attributes":[]}""", "\"attributes\" must be an object, found an array")]
    [InlineData("""{"device":"dev:1","when":1772323200,"body":"free=1"}""", "\"body\" must be an object holding the heartbeat, found the string \"free=1\"")]
    public void AWrongItemIsRejectedWithItsReason(string item, string reason)
    {
        var rejected = Assert.Single(Parse(item).Items);
        Assert.Null(rejected.Heartbeat);
        Assert.Contains(reason, rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OneBadElementOfAnArrayIsRejectedAndTheOthersKept()
    {
        var body = Parse($"""[{Good}, "a string", {Good.Replace("40960", "-1", StringComparison.Ordinal)}, {Good.Replace("812", "900", StringComparison.Ordinal)}]""");
        Assert.Equal([true, false, false, true], body.Items.Select(i => i.Heartbeat is not null));
        Assert.Equal("expected a heartbeat object, found the string \"a string\"", body.Items[1].Reason);
        Assert.Equal("negative free -1", body.Items[2].Reason);
    }

    [Fact]
    public void ABadNdjsonLineSpoilsOnlyItself()
    {
        var body = Parse($"{Good}\n{{\"seq\":1,\"free\":\n{Good}", BodyFormat.Ndjson);
        Assert.Equal([true, false, true], body.Items.Select(i => i.Heartbeat is not null));
        Assert.Equal(2, body.Items[1].Line);
        Assert.StartsWith("bad JSON at byte 17 of the item: ", body.Items[1].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the body is empty; expected a heartbeat object, a JSON array of them, or NDJSON")]
    [InlineData("free=1&seq=2", "not JSON: byte 1 is \"free=1&seq=2\"")]
    [InlineData("\n\n  hello", "not JSON: byte 5 is \"hello\"")]
    [InlineData("""[{"seq":1},{"seq":""", "bad JSON at line 1, byte 19: ")]
    [InlineData("[{\"seq\":1},\n{\"seq\" 2}]", "bad JSON at line 2, byte 8: ")]
    [InlineData("""{"seq":1}{"seq":2}""", "more than one JSON value: another starts at line 1, byte 10; send an array, or one object per line with Content-Type: application/x-ndjson")]
    public void ABodyThatCannotBeSplitIsRefusedWithItsPosition(string body, string message)
    {
        var parsed = Parse(body);
        Assert.Empty(parsed.Items);
        Assert.False(parsed.Error!.TooLarge);
        Assert.StartsWith(message, parsed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NdjsonThatIsNotJsonIsRefusedAsAWhole() =>
        Assert.Equal("not NDJSON: line 2 starts with \"device,seq,time\", not '{'; expected a heartbeat object, a JSON array of them, or NDJSON (Content-Type: application/x-ndjson)",
            Parse("\ndevice,seq,time\n", BodyFormat.Ndjson).Error!.Message);

    [Fact]
    public void TruncatedBodiesAreRefusedAtEveryCut()
    {
        var whole = Encoding.UTF8.GetBytes($"[{Good},{Good}]");
        for (var cut = 1; cut < whole.Length; cut++)
        {
            var parsed = HeartbeatParser.Parse(whole.AsSpan(0, cut), BodyFormat.Json, Now, HeartbeatLimits.Default);
            Assert.NotNull(parsed.Error);
            Assert.StartsWith("bad JSON at line 1, byte ", parsed.Error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DeepNestingIsRejectedPerItemOrRefusedBeyondTheBodyLimit()
    {
        var deepItem = $"{{\"seq\":1,\"x\":{new string('[', 20)}{new string(']', 20)}}}";
        Assert.StartsWith("bad JSON at byte ", Assert.Single(Parse(deepItem, BodyFormat.Ndjson).Items).Reason, StringComparison.Ordinal);
        Assert.Contains("maximum configured depth of 8", Parse(deepItem, BodyFormat.Ndjson).Items[0].Reason, StringComparison.Ordinal);
        var deepBody = $"[{new string('[', 100)}{new string(']', 100)}]";
        Assert.Contains("maximum configured depth of 64", Parse(deepBody).Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyItemsRefuseTheBodyAsTooLarge()
    {
        var limits = HeartbeatLimits.Default with { MaxItems = 3 };
        var parsed = HeartbeatParser.Parse(Encoding.UTF8.GetBytes($"[{Good},{Good},{Good},{Good}]"), BodyFormat.Json, Now, limits);
        Assert.True(parsed.Error!.TooLarge);
        Assert.Equal("more than 3 heartbeats in one request (HeartbeatLimits.MaxItems); send them in smaller batches", parsed.Error.Message);
    }

    [Fact]
    public void TooManySitesAttributesOrMembersAndTooLongStringsAreRejected()
    {
        var sites = string.Join(',', Enumerable.Range(0, 1025).Select(i => $"{{\"site\":\"s{i}\",\"live_count\":1,\"live_bytes\":1}}"));
        Assert.Equal("more than 1024 sites in one heartbeat (HeartbeatLimits.MaxSites)", Reason($"{{\"sites\":[{sites}]}}"));
        var attributes = string.Join(',', Enumerable.Range(0, 65).Select(i => $"\"a{i}\":1"));
        Assert.Equal("more than 64 attributes (HeartbeatLimits.MaxAttributes)", Reason($"{{\"attributes\":{{{attributes}}}}}"));
        var members = string.Join(',', Enumerable.Range(0, 129).Select(i => $"\"m{i}\":1"));
        Assert.Equal("more than 128 members in one object (HeartbeatLimits.MaxMembers)", Reason($"{{{members}}}"));
        Assert.Equal("attribute \"fw\" of 257 bytes is longer than the limit of 256 bytes", Reason($"{{\"attributes\":{{\"fw\":\"{new string('x', 257)}\"}}}}"));
        Assert.Equal("sites[0].site of 1025 bytes is longer than the limit of 1024 bytes",
            Reason($"{{\"sites\":[{{\"site\":\"{new string('s', 1025)}\",\"live_count\":1,\"live_bytes\":1}}]}}"));
        Assert.Equal($"device of {6 * 128 + 1} bytes is longer than 128 characters", Reason($"{{\"device\":\"{new string('d', 6 * 128 + 1)}\"}}"));
        var big = $"{{\"seq\":1,\"pad\":\"{new string('x', 300 << 10)}\"}}";
        Assert.Equal($"a heartbeat of {big.Length} bytes is larger than the limit of 262144 (HeartbeatLimits.MaxItemBytes)", Reason(big));
    }

    private static string? Reason(string item) => Assert.Single(Parse(item, BodyFormat.Ndjson).Items).Reason;

    private static ParsedBody Parse(string body, BodyFormat format = BodyFormat.Json) =>
        HeartbeatParser.Parse(Encoding.UTF8.GetBytes(body), format, Now, HeartbeatLimits.Default);
}
