using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HeapLedger.Server.Tests.Support;

/// <summary>A webhook receiver on loopback (Kestrel, a free port): answers 200 and keeps every JSON body in arrival order.</summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonElement> _bodies = new();

    private WebhookSink(WebApplication app) => _app = app;

    public Uri Url => new(new Uri(_app.Urls.First()), "/hook");

    public IReadOnlyList<JsonElement> Bodies => [.. _bodies];

    public static async Task<WebhookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new WebhookSink(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            sink._bodies.Enqueue(document.RootElement.Clone());
            return Results.Ok();
        });
        await app.StartAsync();
        return sink;
    }

    /// <summary>The bodies once at least <paramref name="count"/> have come, or what came within 20 s.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(int count)
    {
        var watch = Stopwatch.StartNew();
        while (_bodies.Count < count && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }

        return Bodies;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
