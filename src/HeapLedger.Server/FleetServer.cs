using System.Text.Json;
using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Ingest;
using HeapLedger.Fleet.Judging;
using HeapLedger.Fleet.Storage;
using HeapLedger.Server.Api;
using HeapLedger.Server.Dashboard;
using HeapLedger.Server.Mqtt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HeapLedger.Server;

/// <summary>
/// The fleet service's web host: heartbeat ingest, the device list, health, the dashboard, the OpenAPI document
/// (<c>/openapi/v1.json</c>) and the scheduled detection job, over one store.
/// </summary>
public static class FleetServer
{
    /// <summary>Opens the store the configuration names and builds the host; start it with <c>StartAsync</c> or <c>RunAsync</c>.</summary>
    public static async Task<WebApplication> BuildAsync(IConfiguration configuration, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = FleetServerOptions.From(configuration);
        var rules = AlertSettings.ReadRules(configuration);
        var location = StoreLocation.Parse(options.Store);
        var store = await FleetStores.OpenAsync(location, TimeProvider.System, cancel).ConfigureAwait(false);
        try
        {
            return Build(configuration, options, rules, store);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static WebApplication Build(IConfiguration configuration, FleetServerOptions options, IReadOnlyList<AlertRule> rules, IFleetStore store)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace); // stdout is the service's own lines
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z' ";
            console.UseUtcTimestamp = true;
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes + 1L);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => store); // a factory, so that the container disposes the store last
        services.AddSingleton<TokenAuthenticator>();
        services.AddSingleton(provider => new IngestService(provider.GetRequiredService<IFleetStore>()));
        services.AddSingleton(provider => new FleetAlerts(rules, provider.GetRequiredService<IFleetStore>(), provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new DetectionJob(provider.GetRequiredService<IFleetStore>(), options.JobOptions, provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<FleetAlerts>().Evaluator));
        services.AddSingleton<DetectionService>();
        services.AddHostedService(provider => provider.GetRequiredService<DetectionService>());
        services.AddSingleton<MqttIngestService>();
        services.AddHostedService(provider => provider.GetRequiredService<MqttIngestService>());
        services.AddSingleton<AdminGate>();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.Converters.Add(new UtcSecondsConverter());
        });
        services.AddOpenApi();

        var app = builder.Build();
        app.MapOpenApi();
        var api = app.MapGroup("/api/v1");
        api.MapPost("/heartbeats", HeartbeatEndpoint.PostAsync)
            .Accepts<HeartbeatDocument[]>("application/json", "application/x-ndjson", "*/*")
            .Produces<HeartbeatReply>(StatusCodes.Status200OK)
            .Produces<HeartbeatReply>(StatusCodes.Status422UnprocessableEntity)
            .Produces<HeartbeatReply>(StatusCodes.Status403Forbidden)
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status401Unauthorized)
            .Produces<ApiError>(StatusCodes.Status413PayloadTooLarge)
            .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Store heartbeats: one object, a JSON array, NDJSON, or a Notehub event; each is answered accepted, duplicate or rejected with a reason");
        var admin = api.MapGroup(string.Empty).AddEndpointFilter<AdminGate>();
        admin.MapGet("/devices", DeviceEndpoints.ListAsync)
            .Produces<DeviceListReply>()
            .Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status401Unauthorized)
            .WithSummary("Devices with their latest judgement, most urgent first (sort=urgency|device|lastHeartbeat, atRisk=true for leaking ones only)");
        admin.MapGet("/devices/{id}", DeviceEndpoints.GetAsync)
            .Produces<DeviceDetailReply>()
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status401Unauthorized)
            .WithSummary("One device, its recent heartbeats (days=30 before its latest), its verdict changes and its sites' verdicts");
        admin.MapPost("/devices/{id}/fixed", DeviceEndpoints.MarkFixedAsync)
            .Produces<FixedReply>()
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status401Unauthorized)
            .WithSummary("Mark a device fixed as of a heartbeat time (at=ISO-8601; default its latest heartbeat): its firing alerts resolve with reason \"fixed\"");
        admin.MapGet("/pivot", PivotEndpoint.GetAsync)
            .Produces<PivotReply>()
            .Produces<ApiError>(StatusCodes.Status401Unauthorized)
            .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("What the leaking devices share: attribute values and pairs over-represented among them (Fisher's exact test, Holm-adjusted), ranked by the share of leaking they explain, and the sites that leak on the most devices");
        admin.MapGet("/runway", RunwayReply.ReadAsync)
            .Produces<RunwayReply>()
            .Produces<ApiError>(StatusCodes.Status401Unauthorized)
            .WithSummary("The leaking devices counted by days from their latest heartbeat to the forecast exhaustion (the dashboard's fleet chart)");
        api.MapGet("/health", HealthAsync).Produces<HealthReply>().WithSummary("The store answers; the detection job's last run; the MQTT ingest's counters");
        DashboardEndpoints.Map(app);
        return app;
    }

    private static async Task<IResult> HealthAsync(IFleetStore store, DetectionService detection, MqttIngestService mqtt, CancellationToken cancel)
    {
        await store.ReadCursorAsync(DetectionJob.CursorName, cancel).ConfigureAwait(false);
        return TypedResults.Ok(new HealthReply("ok", store.Location.Kind.ToString().ToLowerInvariant(), store.SchemaVersion, detection.LastRun, detection.LastResult?.Judged,
            mqtt.Enabled ? mqtt.Stats.Snapshot() : null));
    }
}
