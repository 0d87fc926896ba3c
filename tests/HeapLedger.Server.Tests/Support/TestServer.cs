using System.Net.Http.Headers;
using System.Text;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HeapLedger.Server.Tests.Support;

/// <summary>The fleet service in this process on real Kestrel, on a free loopback port, over a SQLite file in a fresh temporary directory.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private WebApplication? _app;

    private TestServer(WebApplication app, string directory, Dictionary<string, string?> settings)
    {
        _app = app;
        _settings = settings;
        Directory = directory;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "fleet.db");

    public Uri BaseAddress { get; private set; }

    public HttpClient Client { get; private set; }

    private WebApplication App => _app ?? throw new InvalidOperationException("the server is stopped");

    public IFleetStore Store => App.Services.GetRequiredService<IFleetStore>();

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<TestServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var directory = TempDirectory.Create("heapledger-server");
        var values = new Dictionary<string, string?>
        {
            ["Store"] = $"sqlite:{Path.Combine(directory, "fleet.db")}",
            ["Urls"] = "http://127.0.0.1:0",
            ["Detection:IntervalSeconds"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var app = await FleetServer.BuildAsync(FleetServerConfiguration.Build(directory, values));
        await app.StartAsync();
        return new TestServer(app, directory, values);
    }

    /// <summary>Stops the service as a shutdown would, keeping its directory and store file.</summary>
    public async Task StopAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _app = null;
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Starts the service again on the same store and settings (on a new port).</summary>
    public async Task StartAgainAsync()
    {
        var app = await FleetServer.BuildAsync(FleetServerConfiguration.Build(Directory, _settings));
        await app.StartAsync();
        _app = app;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>Registers devices and returns their tokens.</summary>
    public async Task<string[]> AddDevicesAsync(params string[] ids)
    {
        var tokens = ids.Select(_ => Tokens.New()).ToArray();
        await Store.AddDevicesAsync([.. ids.Select((id, i) => new DeviceRegistration(id, Tokens.Hash(tokens[i])))], CancellationToken.None);
        return tokens;
    }

    public async Task<string> AddHubAsync(string name)
    {
        var token = Tokens.New();
        await Store.AddHubAsync(name, Tokens.Hash(token), CancellationToken.None);
        return token;
    }

    public Task<HttpResponseMessage> PostAsync(string? token, string body, string contentType = "application/json") =>
        Post(Client, token, body, contentType);

    public static Task<HttpResponseMessage> Post(HttpClient client, string? token, string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/heartbeats") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await StopAsync();
        }

        TempDirectory.Delete(Directory);
    }
}
