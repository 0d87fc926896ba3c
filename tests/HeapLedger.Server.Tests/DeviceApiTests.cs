using System.Globalization;
using System.Net;
using HeapLedger.Detection.Evaluation;
using HeapLedger.Fleet.Judging;
using HeapLedger.Server.Tests.Support;

namespace HeapLedger.Server.Tests;

public sealed class DeviceApiTests
{
    [Fact]
    public async Task AtRiskDevicesComeMostUrgentFirstInTheForecastVerbsFieldNames()
    {
        await using var server = await TestServer.StartAsync();
        var fleet = new FleetGenerator(new FleetOptions(Devices: 12, Days: 30, LeakingShare: 0.5, Seed: 3));
        var devices = fleet.Generate().ToList();
        await server.AddDevicesAsync([.. devices.Select(d => d.Series.Device)]);
        var hub = await server.AddHubAsync("gateway");
        var lines = devices.SelectMany(d => d.Series.Points.Select((p, i) => string.Create(CultureInfo.InvariantCulture,
            $"{{\"device\":\"{d.Series.Device}\",\"seq\":{i},\"time\":\"{p.Time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\"uptime_s\":{p.UptimeSeconds?.ToString(CultureInfo.InvariantCulture) ?? "null"},\"free\":{p.Free},\"largest_free\":{p.LargestFree?.ToString(CultureInfo.InvariantCulture) ?? "null"},\"heap_size\":{p.HeapSize},\"attributes\":{{\"firmware\":\"1.4.2\"}}}}"))).ToList();
        foreach (var batch in lines.Chunk(1000))
        {
            Assert.Equal(HttpStatusCode.OK, (await server.PostAsync(hub, string.Join('\n', batch), "application/x-ndjson")).StatusCode);
        }

        var run = await server.Service<DetectionJob>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(12, run.Judged);
        Assert.True(run.Leaking > 0);

        var atRisk = await Json.ReadAsync(await server.Client.GetAsync("/api/v1/devices?atRisk=true"));
        Assert.Equal(1, atRisk.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(run.Leaking, atRisk.GetProperty("total").GetInt32());
        var listed = atRisk.GetProperty("devices").EnumerateArray().ToList();
        var names = listed[0].EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["device", "verdict", "bytesPerHour", "onset", "exhaustionAt", "exhaustionLow", "exhaustionHigh", "points"], names.Take(8));
        Assert.Contains("firstFlaggedAt", names);
        Assert.Contains("lastHeartbeat", names);
        Assert.Equal("1.4.2", listed[0].GetProperty("attributes").GetProperty("firmware").GetString());
        Assert.All(listed, d => Assert.Equal("leaking", d.GetProperty("verdict").GetString()));
        var exhaustion = listed.Select(d => d.GetProperty("exhaustionAt").GetString()!).ToList();
        Assert.Equal(exhaustion.Order(StringComparer.Ordinal), exhaustion);
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", exhaustion[0]);

        var page = await Json.ReadAsync(await server.Client.GetAsync("/api/v1/devices?sort=device&page=2&pageSize=5"));
        Assert.Equal(12, page.GetProperty("total").GetInt32());
        Assert.Equal(devices.Skip(5).Take(5).Select(d => d.Series.Device), page.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("device").GetString()));

        var first = listed[0].GetProperty("device").GetString();
        var detail = await Json.ReadAsync(await server.Client.GetAsync($"/api/v1/devices/{first}?days=7"));
        Assert.InRange(detail.GetProperty("series").GetArrayLength(), 100, 7 * 24 + 1);
        Assert.Equal("leaking", detail.GetProperty("history")[0].GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task BadQueriesAndUnknownDevicesAreClearErrors()
    {
        await using var server = await TestServer.StartAsync();
        var sort = await server.Client.GetAsync("/api/v1/devices?sort=size");
        Assert.Equal(HttpStatusCode.BadRequest, sort.StatusCode);
        Assert.Equal("sort=size: expected urgency (most urgent first), device or lastHeartbeat", (await Json.ReadAsync(sort)).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Client.GetAsync("/api/v1/devices?pageSize=5000")).StatusCode);
        var missing = await server.Client.GetAsync("/api/v1/devices/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("no device \"nope\"", (await Json.ReadAsync(missing)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task TheOpenApiDocumentAndHealthAreServed()
    {
        await using var server = await TestServer.StartAsync();
        var openApi = await Json.ReadAsync(await server.Client.GetAsync("/openapi/v1.json"));
        var paths = openApi.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/heartbeats", "/api/v1/devices", "/api/v1/devices/{id}", "/api/v1/devices/{id}/fixed", "/api/v1/pivot", "/api/v1/health" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        }

        var schemas = openApi.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.GetProperty("HeartbeatDocument").GetProperty("properties").TryGetProperty("heap_size", out _));
        var health = await Json.ReadAsync(await server.Client.GetAsync("/api/v1/health"));
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(3, health.GetProperty("schemaVersion").GetInt32());
    }
}
