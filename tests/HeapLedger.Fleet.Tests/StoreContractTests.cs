using System.Collections.Concurrent;
using System.Text.Json;
using HeapLedger.Core;
using HeapLedger.Detection;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;
using HeapLedger.Fleet.Tests.Support;
using HeapLedger.Tests.Shared;

namespace HeapLedger.Fleet.Tests;

/// <summary>
/// What every <see cref="IFleetStore"/> promises, run against SQLite and against PostgreSQL (a
/// throw-away cluster): the same calls, the same answers.
/// </summary>
[Collection(PostgresCluster.Collection)]
public sealed class StoreContractTests(PostgresCluster cluster)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task AnEmptyStoreIsMigratedToTheNewestSchemaAndReopeningChangesNothing(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        Assert.Equal(under.NewestSchemaVersion, under.Store.SchemaVersion);
        Assert.Equal((long)under.NewestSchemaVersion, under.Scalar("SELECT MAX(version) FROM schema_version"));
        Assert.Equal("0001-initial", under.Scalar("SELECT name FROM schema_version WHERE version = 1"));
        Assert.Equal(3, under.NewestSchemaVersion);
        Assert.Equal("0002-alerts", under.Scalar("SELECT name FROM schema_version WHERE version = 2"));
        Assert.Equal("0003-hot-stamps", under.Scalar("SELECT name FROM schema_version WHERE version = 3"));
        foreach (var table in new[]
        {
            "devices", "hubs", "heartbeats", "site_samples", "device_attributes", "judgements", "judgement_history", "job_cursors",
            "alert_state", "alert_pending", "site_judgements",
        })
        {
            Assert.Equal(0L, under.Scalar($"SELECT COUNT(*) FROM {table}"));
        }

        await under.ReopenAsync();
        Assert.Equal((long)under.NewestSchemaVersion, under.Scalar("SELECT COUNT(*) FROM schema_version"));
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task AStoreFromANewerHeapLedgerIsRefused(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        under.Scalar("INSERT INTO schema_version (version, name, applied_at) VALUES (99, '0099-future', 0)");
        var error = await Assert.ThrowsAsync<HeapLedgerException>(under.OpenAnotherAsync);
        Assert.Contains($"the store's schema is version 99, newer than this heapledger knows ({under.NewestSchemaVersion})", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task TokensAreFoundByTheirHashAndDuplicateNamesAreRefused(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        var tokens = await under.AddDevicesAsync("dev-001", "dev-002");
        var hub = Tokens.New();
        await under.Store.AddHubAsync("notehub", Tokens.Hash(hub), None);

        Assert.Equal(Caller.Device("dev-002"), await under.Store.FindCallerAsync(Tokens.Hash(tokens[1]), None));
        Assert.Equal(Caller.Hub("notehub"), await under.Store.FindCallerAsync(Tokens.Hash(hub), None));
        Assert.Null(await under.Store.FindCallerAsync(Tokens.Hash(Tokens.New()), None));
        Assert.Equal(0L, under.Scalar($"SELECT COUNT(*) FROM devices WHERE token_hash = '{tokens[0]}'"));

        var again = await Assert.ThrowsAsync<DuplicateNameException>(() => under.AddDevicesAsync("dev-003", "dev-001"));
        Assert.Contains("device \"dev-001\" already exists", again.Message, StringComparison.Ordinal);
        Assert.False(await under.Store.DeviceExistsAsync("dev-003", None)); // all or nothing
        await Assert.ThrowsAsync<DuplicateNameException>(() => under.AddDevicesAsync("dev-004", "dev-004"));
        await Assert.ThrowsAsync<DuplicateNameException>(() => under.Store.AddHubAsync("notehub", Tokens.Hash(Tokens.New()), None));
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task EachHeartbeatIsStoredOrADuplicateAndTheFirstCopyWins(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        await under.AddDevicesAsync("dev-001", "dev-002");
        Assert.Equal([true, true, false, true], await under.Store.AppendAsync([Beat.Of("dev-001", 1), Beat.Of("dev-001", 2), Beat.Of("dev-001", 1, free: 1), Beat.Of("dev-002", 1)], None));
        Assert.Equal([false, true, false], await under.Store.AppendAsync([Beat.Of("dev-001", 2, free: 2), Beat.Of("dev-001", 3), Beat.Of("dev-002", 1)], None));
        Assert.Equal([false, false], await under.Store.AppendAsync([Beat.Of("dev-001", 3), Beat.Of("dev-001", 3)], None)); // a retry changes nothing
        Assert.Empty(await under.Store.AppendAsync([], None));
        Assert.Equal(4, await under.Store.CountHeartbeatsAsync(None));
        Assert.True(await under.Store.HasHeartbeatAsync("dev-001", 3, None));
        Assert.False(await under.Store.HasHeartbeatAsync("dev-002", 2, None));
        Assert.False(await under.Store.HasHeartbeatAsync("dev-003", 1, None));
        Assert.Equal(40_000L, under.Scalar("SELECT free FROM heartbeats WHERE device = 'dev-001' AND seq = 1"));
        Assert.Equal(40_000L, under.Scalar("SELECT free FROM heartbeats WHERE device = 'dev-001' AND seq = 2"));
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task SitesAttributesAndTheLatestAttributesAreKept(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        await under.AddDevicesAsync("dev-001");
        await under.Store.AppendAsync([
            Beat.Of("dev-001", 2, attributes: new Dictionary<string, string> { ["firmware"] = "1.4.3", ["region"] = "eu" },
                sites: [new SiteReading("modem.c:41", 12, 7200), new SiteReading("app.c:88", 1, 256)]),
            Beat.Of("dev-001", 1, attributes: new Dictionary<string, string> { ["firmware"] = "1.4.2" }), // older, arrives later
        ], None);
        await under.Store.AppendAsync([Beat.Of("dev-001", 2, sites: [new SiteReading("other.c:1", 1, 1)])], None); // a duplicate's sites are not added
        Assert.Equal(2L, under.Scalar("SELECT COUNT(*) FROM site_samples WHERE device = 'dev-001' AND seq = 2"));
        Assert.Equal(7200L, under.Scalar("SELECT live_bytes FROM site_samples WHERE device = 'dev-001' AND seq = 2 AND site = 'modem.c:41'"));
        using var own = JsonDocument.Parse((string)under.Scalar("SELECT attributes FROM heartbeats WHERE seq = 1")!);
        Assert.Equal("1.4.2", own.RootElement.GetProperty("firmware").GetString());

        var series = await under.Store.LoadSeriesAsync("dev-001", TimeSpan.FromDays(90), 1000, None);
        Assert.NotNull(series);
        Assert.Equal(new Dictionary<string, string> { ["firmware"] = "1.4.3", ["region"] = "eu" }, series.Attributes);
        Assert.Equal([Beat.Start + TimeSpan.FromHours(1), Beat.Start + TimeSpan.FromHours(2)], series.Points.Select(p => p.Time));
        Assert.Null(await under.Store.LoadSeriesAsync("nobody", TimeSpan.FromDays(90), 1000, None));

        await under.AddDevicesAsync("silent");
        var silent = await under.Store.LoadSeriesAsync("silent", TimeSpan.FromDays(90), 1000, None);
        Assert.Empty(silent!.Points);
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task ABigBatchWithSitesIsStoredInOneCall(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        var ids = Enumerable.Range(0, 100).Select(i => $"big-{i:D3}").ToArray();
        await under.AddDevicesAsync(ids);
        var batch = new List<Heartbeat>();
        for (var seq = 0; seq < 200; seq++)
        {
            foreach (var id in ids)
            {
                batch.Add(Beat.Of(id, seq, free: 30_000 + seq, sites: seq % 10 == 0 ? [new SiteReading("a.c:1", seq, seq * 8), new SiteReading("b.c:2", 1, 64)] : null));
            }
        }

        batch.Add(Beat.Of("big-007", 5)); // given twice in the same call
        var stored = await under.Store.AppendAsync(batch, None);
        Assert.Equal(20_000, stored.Count(s => s));
        Assert.False(stored[^1]);
        Assert.Equal(20_000, await under.Store.CountHeartbeatsAsync(None));
        Assert.Equal(4_000L, under.Scalar("SELECT COUNT(*) FROM site_samples"));
        var series = await under.Store.LoadSeriesAsync("big-042", TimeSpan.FromDays(365), 50, None);
        Assert.Equal(Enumerable.Range(150, 50).Select(s => 30_000L + s), series!.Points.Select(p => p.Free)); // the newest 50, in time order
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task ConcurrentAppendsAcknowledgeEachHeartbeatExactlyOnce(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        var ids = Enumerable.Range(0, 40).Select(i => $"c-{i:D2}").ToArray();
        await under.AddDevicesAsync(ids);
        // Six writers over the same devices and overlapping sequence numbers, in different
        // orders: each (device, seq) is offered by three of them, and exactly one may say "stored".
        var accepted = new ConcurrentDictionary<(string, long), int>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            for (var round = 0; round < 10; round++)
            {
                var first = (writer % 3 + round * 3) * 10L;
                var batch = ids.SelectMany(id => Enumerable.Range(0, 10).Select(k => Beat.Of(id, first + k))).OrderBy(_ => random.Next()).ToList();
                var stored = await under.Store.AppendAsync(batch, None);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (stored[i])
                    {
                        accepted.AddOrUpdate((batch[i].Device, batch[i].Seq), 1, (_, n) => n + 1);
                    }
                }
            }
        })));
        Assert.Equal(40 * 300, accepted.Count);
        Assert.All(accepted.Values, n => Assert.Equal(1, n));
        Assert.Equal(40 * 300, await under.Store.CountHeartbeatsAsync(None));
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task TheCursorPagesThroughDevicesThatReportedAndOnlyThose(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        await under.AddDevicesAsync("a", "b", "c", "quiet");
        Assert.Equal(JobCursor.Start, await under.Store.ReadCursorAsync("detection", None));
        await under.Store.AppendAsync([Beat.Of("b", 1), Beat.Of("a", 1), Beat.Of("c", 1)], None);
        var first = await under.Store.DevicesReportedAfterAsync(JobCursor.Start, 2, None);
        Assert.Equal(["a", "b"], first.Select(d => d.Device));
        Assert.Equal(Beat.Start + TimeSpan.FromHours(1), first[0].LastHeartbeat);
        var rest = await under.Store.DevicesReportedAfterAsync(first[^1].Cursor, 2, None);
        Assert.Equal(["c"], rest.Select(d => d.Device));
        Assert.Empty(await under.Store.DevicesReportedAfterAsync(rest[^1].Cursor, 2, None));

        await under.Store.WriteCursorAsync("detection", rest[^1].Cursor, None);
        await under.Store.AppendAsync([Beat.Of("a", 1), Beat.Of("b", 2)], None); // a's is a duplicate: not news
        var cursor = await under.Store.ReadCursorAsync("detection", None);
        Assert.Equal(rest[^1].Cursor, cursor);
        Assert.Equal(["b"], (await under.Store.DevicesReportedAfterAsync(cursor, 10, None)).Select(d => d.Device));
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task TheCursorMissesNoDeviceWhileWritersCommitConcurrently(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        var ids = Enumerable.Range(0, 600).Select(i => $"w-{i:D3}").ToArray();
        await under.AddDevicesAsync(ids);
        // Eight writers each store their devices' one heartbeat, a few devices per commit of
        // varying size, while a reader pages through with the cursor as fast as it can. A late
        // commit must not land behind the cursor: after the writers stop and a last read, the
        // reader has seen every device.
        var seen = new ConcurrentDictionary<string, byte>();
        var cursor = JobCursor.Start;
        using var writing = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (true)
            {
                var done = writing.IsCancellationRequested;
                var page = await under.Store.DevicesReportedAfterAsync(cursor, 7, None);
                foreach (var device in page)
                {
                    seen.TryAdd(device.Device, 0);
                }

                if (page.Count > 0)
                {
                    cursor = page[^1].Cursor;
                }
                else if (done)
                {
                    return;
                }
            }
        });
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var mine = ids.Where((_, i) => i % 8 == writer).ToList();
            for (var at = 0; at < mine.Count;)
            {
                var take = Math.Min(mine.Count - at, 1 + (at + writer) % 5);
                await under.Store.AppendAsync([.. mine.Skip(at).Take(take).SelectMany(id => Enumerable.Range(0, 1 + (writer * 37 % 60)).Select(seq => Beat.Of(id, seq)))], None);
                at += take;
            }
        })));
        await writing.CancelAsync();
        await reader;
        Assert.Equal(ids.Length, seen.Count);
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task FirstFlaggedIsKeptWhileLeakingAndHistoryHasOneRowPerChange(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        await under.AddDevicesAsync("dev-001", "dev-002");
        var t0 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (hours, verdict) in new[] { (0, DeviceVerdict.Healthy), (1, DeviceVerdict.Leaking), (2, DeviceVerdict.Leaking), (3, DeviceVerdict.Healthy) })
        {
            await under.Store.SaveJudgementsAsync([new Judgement(Forecast("dev-001", verdict), t0.AddHours(hours)), new Judgement(Forecast("dev-002", DeviceVerdict.Leaking), t0.AddHours(hours))], None);
            var detail = await under.Store.GetDeviceAsync("dev-001", TimeSpan.FromDays(1), 10, None);
            Assert.Equal(verdict == DeviceVerdict.Leaking ? t0.AddHours(1) : null, detail!.Summary.Judgement!.FirstFlaggedAt);
            Assert.Equal(t0.AddHours(hours), detail.Summary.Judgement.JudgedAt);
        }

        var history = (await under.Store.GetDeviceAsync("dev-001", TimeSpan.FromDays(1), 10, None))!.History;
        Assert.Equal([DeviceVerdict.Healthy, DeviceVerdict.Leaking, DeviceVerdict.Healthy], history.Select(h => h.Verdict));
        Assert.Equal([t0, t0.AddHours(1), t0.AddHours(3)], history.Select(h => h.JudgedAt));
        var other = (await under.Store.GetDeviceAsync("dev-002", TimeSpan.FromDays(1), 10, None))!;
        Assert.Equal(t0, other.Summary.Judgement!.FirstFlaggedAt);
        Assert.Single(other.History);
        var forecast = other.Summary.Judgement.Forecast;
        Assert.Equal(Forecast("dev-002", DeviceVerdict.Leaking), forecast);
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task TheDeviceListSortsAndPages(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        await under.AddDevicesAsync("healthy", "late", "soon", "unjudged", "Zeta", "b-2");
        await under.Store.AppendAsync([
            Beat.Of("late", 5, attributes: new Dictionary<string, string> { ["firmware"] = "1.4.2" }),
            Beat.Of("healthy", 9),
            Beat.Of("soon", 1),
        ], None);
        var now = DateTimeOffset.UnixEpoch.AddYears(56);
        await under.Store.SaveJudgementsAsync([
            new Judgement(Forecast("healthy", DeviceVerdict.Healthy), now),
            new Judgement(Forecast("late", DeviceVerdict.Leaking, now.AddDays(30)), now),
            new Judgement(Forecast("soon", DeviceVerdict.Leaking, now.AddDays(3)), now),
            new Judgement(Forecast("b-2", DeviceVerdict.InsufficientData), now),
        ], None);
        var all = await under.Store.ListDevicesAsync(new DeviceQuery(false, DeviceSort.Urgency, 1, 10), None);
        Assert.Equal(6, all.Total);
        Assert.Equal(["soon", "late", "healthy", "b-2", "Zeta", "unjudged"], all.Devices.Select(d => d.Device));
        Assert.Equal("1.4.2", all.Devices[1].Attributes["firmware"]);
        Assert.Empty(all.Devices[0].Attributes);
        Assert.Null(all.Devices[^1].Judgement);

        var atRisk = await under.Store.ListDevicesAsync(new DeviceQuery(true, DeviceSort.Urgency, 2, 1), None);
        Assert.Equal(2, atRisk.Total);
        Assert.Equal(["late"], atRisk.Devices.Select(d => d.Device));

        var byId = await under.Store.ListDevicesAsync(new DeviceQuery(false, DeviceSort.Device, 1, 4), None);
        Assert.Equal(["Zeta", "b-2", "healthy", "late"], byId.Devices.Select(d => d.Device)); // by bytes, as in SQLite
        Assert.Equal(["soon", "unjudged"], (await under.Store.ListDevicesAsync(new DeviceQuery(false, DeviceSort.Device, 2, 4), None)).Devices.Select(d => d.Device));
        Assert.Empty((await under.Store.ListDevicesAsync(new DeviceQuery(false, DeviceSort.Device, 3, 4), None)).Devices);

        var recent = await under.Store.ListDevicesAsync(new DeviceQuery(false, DeviceSort.LastHeartbeat, 1, 10), None);
        Assert.Equal(["healthy", "late", "soon", "Zeta", "b-2", "unjudged"], recent.Devices.Select(d => d.Device));
        Assert.Equal(Beat.Start + TimeSpan.FromHours(9), recent.Devices[0].LastHeartbeat);
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task ADevicesDetailHasItsRecentSeriesAndNothingForAnUnknownDevice(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        await under.AddDevicesAsync("dev-001");
        await under.Store.AppendAsync([.. Enumerable.Range(0, 72).Select(i => Beat.Of("dev-001", i, free: 50_000 - i))], None);
        var detail = await under.Store.GetDeviceAsync("dev-001", TimeSpan.FromHours(24), 1000, None);
        Assert.Equal(Enumerable.Range(47, 25).Select(i => (long)i), detail!.Series.Select(p => p.Seq)); // 24 h back from the latest, both ends in
        Assert.Equal(50_000L - 71, detail.Series[^1].Point.Free);
        Assert.Equal(Enumerable.Range(62, 10).Select(i => (long)i), (await under.Store.GetDeviceAsync("dev-001", TimeSpan.FromHours(24), 10, None))!.Series.Select(p => p.Seq));
        Assert.Null(await under.Store.GetDeviceAsync("nobody", TimeSpan.FromDays(1), 10, None));
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task RetentionDeletesOldHeartbeatsAndTheirSitesOnly(string kind)
    {
        await using var under = await StoreUnderTest.CreateAsync(kind, cluster);
        await under.AddDevicesAsync("dev-001", "dev-002");
        await under.Store.AppendAsync([.. Enumerable.Range(0, 48).SelectMany(i => new[] { Beat.Of("dev-001", i, sites: [new SiteReading("s", 1, 1)]), Beat.Of("dev-002", i) })], None);
        Assert.Equal(48, await under.Store.DeleteHeartbeatsBeforeAsync(Beat.Start + TimeSpan.FromHours(24), None));
        Assert.Equal(48, await under.Store.CountHeartbeatsAsync(None));
        Assert.Equal(24L, under.Scalar("SELECT COUNT(*) FROM site_samples"));
        Assert.Equal(24L, under.Scalar("SELECT MIN(seq) FROM heartbeats"));
        Assert.Equal(0, await under.Store.DeleteHeartbeatsBeforeAsync(Beat.Start + TimeSpan.FromHours(24), None));
    }

    internal static DeviceForecast Forecast(string device, DeviceVerdict verdict, DateTimeOffset? exhaustion = null) =>
        new(device, verdict, 10, 8, 12, null, exhaustion, exhaustion, exhaustion, 100, exhaustion is null ? null : "free", 0.99);
}
