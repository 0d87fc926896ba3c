using System.Collections.Concurrent;
using System.Diagnostics;
using HeapLedger.Detection;
using HeapLedger.Fleet;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;
using HeapLedger.Cli.Tests.Support;
using HeapLedger.Server.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace HeapLedger.Server.Tests;

/// <summary>
/// The dashboard over 10,000 devices, 1,000 of them leaking: the service sorts and pages, so the
/// browser is sent a page of 50 devices at a time, never the fleet. The judgements are written
/// straight into the store (judging is the detection tests' business); the devices, their
/// attributes and a heartbeat each are real rows.
/// </summary>
public sealed class DashboardScaleTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int Devices = 10_000;
    private const int LeakEvery = 10;

    [Fact]
    public async Task TenThousandDevicesArePagedAndSortedByTheServiceAndThePageStaysSmall()
    {
        await using var server = await TestServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await FillAsync(server.Store, now);

        var watch = Stopwatch.StartNew();
        // Each API answer's body is read as it arrives (a page's answers are gone once it navigates).
        var responses = new ConcurrentQueue<(string Url, Task<byte[]> Body)>();
        await using var page = await BrowserPage.OpenAsync(chromium.Browser, server.BaseAddress.AbsoluteUri, opened => opened.Response += (_, response) =>
        {
            if (response.Url.Contains("/api/v1/", StringComparison.Ordinal))
            {
                responses.Enqueue((response.Url, response.BodyAsync()));
            }
        });
        await Assertions.Expect(page.Page.Locator("#page")).ToHaveTextAsync($"Page 1 of 20 · {Devices / LeakEvery:N0} devices at risk");
        output.WriteLine($"first page of the at-risk list shown in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(50, await page.Page.Locator("#at-risk tbody tr").CountAsync());
        var days = (await page.Page.Locator("#at-risk tbody tr td:nth-child(5)").AllInnerTextsAsync()).Select(double.Parse).ToList();
        Assert.Equal(days.Order(), days);
        Assert.True(days[0] < 1, $"the most urgent device has {days[0]} days left");

        var counted = 0;
        foreach (var bar in await page.Page.Locator("svg#runway-chart rect.bar").AllAsync())
        {
            counted += int.Parse(await bar.GetAttributeAsync("data-devices") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(Devices / LeakEvery, counted);
        Assert.Contains("firmware=3.0", await page.Page.Locator("#pivot tbody tr").First.InnerTextAsync(), StringComparison.Ordinal);

        watch.Restart();
        await page.Page.Locator("#show-all").ClickAsync();
        await Assertions.Expect(page.Page.Locator("#page")).ToHaveTextAsync($"Page 1 of 200 · {Devices:N0} devices");
        await page.Page.Locator("button[data-sort=device]").ClickAsync();
        await Assertions.Expect(page.Page.Locator("#at-risk a.device").First).ToHaveTextAsync(Device(0));
        await page.Page.Locator("#next").ClickAsync();
        await Assertions.Expect(page.Page.Locator("#page")).ToHaveTextAsync($"Page 2 of 200 · {Devices:N0} devices");
        Assert.Equal(Device(50), await page.Page.Locator("#at-risk a.device").First.InnerTextAsync());
        output.WriteLine($"all devices, sorted by name, two pages: {watch.ElapsedMilliseconds} ms");

        Assert.Empty(page.Errors);
        var apiBytes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (url, body) in responses)
        {
            apiBytes[url] = (await body).Length;
        }

        Assert.Contains(apiBytes.Keys, static url => url.Contains("/api/v1/runway", StringComparison.Ordinal));
        var lists = apiBytes.Where(static p => p.Key.Contains("/api/v1/devices?", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lists);
        foreach (var (url, size) in lists)
        {
            output.WriteLine($"{size,8:N0} bytes  {url}");
            Assert.True(size is > 0 and < 64 * 1024, $"{url} sent {size} bytes: a page of 50 devices, not the fleet, is what the browser should get");
        }

        foreach (var (url, size) in apiBytes.Where(static p => !p.Key.Contains("/api/v1/devices?", StringComparison.Ordinal)))
        {
            output.WriteLine($"{size,8:N0} bytes  {url}");
            Assert.True(size < 64 * 1024, $"{url} sent {size} bytes for a fleet of {Devices:N0}");
        }
    }

    private static string Device(int i) => $"sim-{i:D5}";

    /// <summary>Every device registered with one heartbeat carrying its attributes; every tenth (firmware 3.0) judged leaking, out of heap from an hour to 60 days ahead.</summary>
    private static async Task FillAsync(IFleetStore store, DateTimeOffset now)
    {
        var cancel = CancellationToken.None;
        await store.AddDevicesAsync([.. Enumerable.Range(0, Devices).Select(i => new DeviceRegistration(Device(i), Tokens.Hash(Tokens.New())))], cancel);
        foreach (var chunk in Enumerable.Range(0, Devices).Chunk(2_000))
        {
            await store.AppendAsync([.. chunk.Select(i => new Heartbeat(Device(i), 0, now.AddHours(-1), 3600, 40_000, null, 40_000, 65_536, [],
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["firmware"] = i % LeakEvery == 0 ? "3.0" : "2.9",
                    ["region"] = (i % 4) switch { 0 => "north", 1 => "south", 2 => "east", _ => "west" },
                }))], cancel);
        }

        var judgements = Enumerable.Range(0, Devices).Select(i =>
        {
            var forecast = i % LeakEvery == 0
                ? Leaking(Device(i), now.AddHours(1 + (i / LeakEvery % 1440)))
                : new DeviceForecast(Device(i), DeviceVerdict.Healthy, 0.5, -2, 3, null, null, null, null, 240, null, 0.9);
            return new Judgement(forecast, now);
        });
        foreach (var chunk in judgements.Chunk(2_000))
        {
            await store.SaveJudgementsAsync(chunk, cancel);
        }
    }

    private static DeviceForecast Leaking(string device, DateTimeOffset exhaustion) =>
        new(device, DeviceVerdict.Leaking, 60, 50, 70, exhaustion.AddDays(-20), exhaustion, exhaustion.AddHours(-12), exhaustion.AddHours(12), 240, "free", 0.99);
}
