using HeapLedger.Core;
using HeapLedger.Detection;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;
using HeapLedger.Fleet.Storage.Sqlite;
using HeapLedger.Fleet.Tests.Support;

namespace HeapLedger.Fleet.Tests;

public sealed class StoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task AnEmptyFileIsMigratedToTheNewestSchemaInWalMode()
    {
        await using var temp = await TempStore.CreateAsync();
        Assert.Equal(2, temp.Store.SchemaVersion);
        Assert.Equal(2L, temp.Scalar("SELECT MAX(version) FROM schema_version"));
        Assert.Equal("0001-initial", temp.Scalar("SELECT name FROM schema_version WHERE version = 1"));
        Assert.Equal("0002-alerts", temp.Scalar("SELECT name FROM schema_version WHERE version = 2"));
        Assert.Equal("wal", temp.Scalar("PRAGMA journal_mode"));
        foreach (var table in new[] { "devices", "hubs", "heartbeats", "site_samples", "device_attributes", "judgements", "judgement_history", "job_cursors", "alert_state", "alert_pending", "site_judgements" })
        {
            Assert.Equal(1L, temp.Scalar($"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        }

        await temp.ReopenAsync();
        Assert.Equal(2L, temp.Scalar("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task AStoreFromANewerHeapLedgerIsRefused()
    {
        await using var temp = await TempStore.CreateAsync();
        temp.Scalar("INSERT INTO schema_version (version, name, applied_at) VALUES (99, '0099-future', 0)");
        var error = await Assert.ThrowsAsync<HeapLedgerException>(temp.ReopenAsync);
        Assert.Contains("the store's schema is version 99, newer than this heapledger knows (2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileThatIsNotADatabaseGivesAUserFacingError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"heapledger-notdb-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));
        try
        {
            var error = await Assert.ThrowsAsync<HeapLedgerException>(() => SqliteFleetStore.OpenAsync(path, TimeProvider.System));
            Assert.Contains($"sqlite:{path}: ", error.Message, StringComparison.Ordinal);
            Assert.Contains("not a database", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("sqlite:fleet.db", StoreKind.Sqlite, "fleet.db")]
    [InlineData("sqlite:/var/lib/heapledger/fleet.db", StoreKind.Sqlite, "/var/lib/heapledger/fleet.db")]
    [InlineData("postgres:Host=127.0.0.1;Database=fleet", StoreKind.Postgres, "Host=127.0.0.1;Database=fleet")]
    public void StoreLocationsAreReadFromTheirScheme(string text, StoreKind kind, string target) =>
        Assert.Equal(new StoreLocation(kind, target), StoreLocation.Parse(text));

    [Theory]
    [InlineData("", "no store given")]
    [InlineData("fleet.db", "store \"fleet.db\": expected sqlite:PATH or postgres:CONNECTION_STRING")]
    [InlineData("mysql:x", "store \"mysql:x\": expected sqlite:PATH or postgres:CONNECTION_STRING")]
    [InlineData("sqlite:", "no file after \"sqlite:\"")]
    public void BadStoreLocationsSayWhatIsExpected(string text, string message) =>
        Assert.Contains(message, Assert.Throws<HeapLedgerException>(() => StoreLocation.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public async Task PostgresIsNamedButNotYetSupported()
    {
        var error = await Assert.ThrowsAsync<HeapLedgerException>(() => FleetStores.OpenAsync(StoreLocation.Parse("postgres:Host=x;Password=secret"), TimeProvider.System));
        Assert.Equal("store postgres:Host=x: PostgreSQL is not supported yet; use --store sqlite:PATH", error.Message);
    }

    [Fact]
    public async Task TokensAreFoundByTheirHashAndDuplicateNamesAreRefused()
    {
        await using var temp = await TempStore.CreateAsync();
        var tokens = await temp.AddDevicesAsync("dev-001", "dev-002");
        var hub = Tokens.New();
        await temp.Store.AddHubAsync("notehub", Tokens.Hash(hub), None);

        Assert.Equal(Caller.Device("dev-002"), await temp.Store.FindCallerAsync(Tokens.Hash(tokens[1]), None));
        Assert.Equal(Caller.Hub("notehub"), await temp.Store.FindCallerAsync(Tokens.Hash(hub), None));
        Assert.Null(await temp.Store.FindCallerAsync(Tokens.Hash(Tokens.New()), None));
        Assert.Equal(0L, temp.Scalar($"SELECT COUNT(*) FROM devices WHERE token_hash = '{tokens[0]}'"));

        var again = await Assert.ThrowsAsync<DuplicateNameException>(() => temp.AddDevicesAsync("dev-003", "dev-001"));
        Assert.Contains("device \"dev-001\" already exists", again.Message, StringComparison.Ordinal);
        Assert.False(await temp.Store.DeviceExistsAsync("dev-003", None)); // all or nothing
        await Assert.ThrowsAsync<DuplicateNameException>(() => temp.Store.AddHubAsync("notehub", Tokens.Hash(Tokens.New()), None));
    }

    [Fact]
    public async Task AHeartbeatStoredTwiceIsADuplicateNotASecondRow()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.AddDevicesAsync("dev-001");
        Assert.Equal([true, true, false], await temp.Store.AppendAsync([Beat.Of("dev-001", 1), Beat.Of("dev-001", 2), Beat.Of("dev-001", 1, free: 1)], None));
        Assert.Equal([false, true], await temp.Store.AppendAsync([Beat.Of("dev-001", 2, free: 2), Beat.Of("dev-001", 3)], None));
        Assert.Equal(3, await temp.Store.CountHeartbeatsAsync(None));
        Assert.Equal(40_000L, temp.Scalar("SELECT free FROM heartbeats WHERE device = 'dev-001' AND seq = 1")); // the first copy wins
    }

    [Fact]
    public async Task SitesAttributesAndTheLatestAttributesAreKept()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.AddDevicesAsync("dev-001");
        await temp.Store.AppendAsync([
            Beat.Of("dev-001", 2, attributes: new Dictionary<string, string> { ["firmware"] = "1.4.3", ["region"] = "eu" },
                sites: [new SiteReading("modem.c:41", 12, 7200), new SiteReading("app.c:88", 1, 256)]),
            Beat.Of("dev-001", 1, attributes: new Dictionary<string, string> { ["firmware"] = "1.4.2" }), // older, arrives later
        ], None);
        Assert.Equal(2L, temp.Scalar("SELECT COUNT(*) FROM site_samples WHERE device = 'dev-001' AND seq = 2"));
        Assert.Equal("{\"firmware\":\"1.4.2\"}", temp.Scalar("SELECT attributes FROM heartbeats WHERE seq = 1"));
        var series = await temp.Store.LoadSeriesAsync("dev-001", TimeSpan.FromDays(90), 1000, None);
        Assert.NotNull(series);
        Assert.Equal("1.4.3", series.Attributes["firmware"]);
        Assert.Equal("eu", series.Attributes["region"]);
        Assert.Equal([Beat.Start + TimeSpan.FromHours(1), Beat.Start + TimeSpan.FromHours(2)], series.Points.Select(p => p.Time));
    }

    [Fact]
    public async Task TheCursorPagesThroughDevicesThatReportedAndOnlyThose()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.AddDevicesAsync("a", "b", "c", "quiet");
        await temp.Store.AppendAsync([Beat.Of("b", 1), Beat.Of("a", 1), Beat.Of("c", 1)], None);
        var first = await temp.Store.DevicesReportedAfterAsync(JobCursor.Start, 2, None);
        Assert.Equal(["a", "b"], first.Select(d => d.Device));
        var rest = await temp.Store.DevicesReportedAfterAsync(first[^1].Cursor, 2, None);
        Assert.Equal(["c"], rest.Select(d => d.Device));
        Assert.Empty(await temp.Store.DevicesReportedAfterAsync(rest[^1].Cursor, 2, None));

        await temp.Store.WriteCursorAsync("detection", rest[^1].Cursor, None);
        await temp.Store.AppendAsync([Beat.Of("a", 1), Beat.Of("b", 2)], None); // a's is a duplicate: not news
        var cursor = await temp.Store.ReadCursorAsync("detection", None);
        Assert.Equal(["b"], (await temp.Store.DevicesReportedAfterAsync(cursor, 10, None)).Select(d => d.Device));
    }

    [Fact]
    public async Task FirstFlaggedIsKeptWhileLeakingAndHistoryHasOneRowPerChange()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.AddDevicesAsync("dev-001");
        var t0 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (hours, verdict) in new[] { (0, DeviceVerdict.Healthy), (1, DeviceVerdict.Leaking), (2, DeviceVerdict.Leaking), (3, DeviceVerdict.Healthy) })
        {
            await temp.Store.SaveJudgementsAsync([new Judgement(Forecast("dev-001", verdict), t0.AddHours(hours))], None);
            var detail = await temp.Store.GetDeviceAsync("dev-001", TimeSpan.FromDays(1), 10, None);
            Assert.Equal(verdict == DeviceVerdict.Leaking ? t0.AddHours(1) : null, detail!.Summary.Judgement!.FirstFlaggedAt);
        }

        var history = (await temp.Store.GetDeviceAsync("dev-001", TimeSpan.FromDays(1), 10, None))!.History;
        Assert.Equal([DeviceVerdict.Healthy, DeviceVerdict.Leaking, DeviceVerdict.Healthy], history.Select(h => h.Verdict));
        Assert.Equal([t0, t0.AddHours(1), t0.AddHours(3)], history.Select(h => h.JudgedAt));
    }

    [Fact]
    public async Task TheDeviceListPutsTheSoonestExhaustionFirst()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.AddDevicesAsync("healthy", "late", "soon", "unjudged");
        var now = DateTimeOffset.UnixEpoch.AddYears(56);
        await temp.Store.SaveJudgementsAsync([
            new Judgement(Forecast("healthy", DeviceVerdict.Healthy), now),
            new Judgement(Forecast("late", DeviceVerdict.Leaking, now.AddDays(30)), now),
            new Judgement(Forecast("soon", DeviceVerdict.Leaking, now.AddDays(3)), now),
        ], None);
        var all = await temp.Store.ListDevicesAsync(new DeviceQuery(false, DeviceSort.Urgency, 1, 10), None);
        Assert.Equal(4, all.Total);
        Assert.Equal(["soon", "late", "healthy", "unjudged"], all.Devices.Select(d => d.Device));
        var atRisk = await temp.Store.ListDevicesAsync(new DeviceQuery(true, DeviceSort.Urgency, 2, 1), None);
        Assert.Equal(2, atRisk.Total);
        Assert.Equal(["late"], atRisk.Devices.Select(d => d.Device));
    }

    [Fact]
    public async Task RetentionDeletesOldHeartbeatsAndTheirSites()
    {
        await using var temp = await TempStore.CreateAsync();
        await temp.AddDevicesAsync("dev-001");
        await temp.Store.AppendAsync([.. Enumerable.Range(0, 48).Select(i => Beat.Of("dev-001", i, sites: [new SiteReading("s", 1, 1)]))], None);
        Assert.Equal(24, await temp.Store.DeleteHeartbeatsBeforeAsync(Beat.Start + TimeSpan.FromHours(24), None));
        Assert.Equal(24, await temp.Store.CountHeartbeatsAsync(None));
        Assert.Equal(24L, temp.Scalar("SELECT COUNT(*) FROM site_samples"));
    }

    private static DeviceForecast Forecast(string device, DeviceVerdict verdict, DateTimeOffset? exhaustion = null) =>
        new(device, verdict, 10, 8, 12, null, exhaustion, exhaustion, exhaustion, 100, exhaustion is null ? null : "free", 0.99);
}
