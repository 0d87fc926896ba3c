using HeapLedger.Core;
using HeapLedger.Fleet.Ingest;
using HeapLedger.Fleet.Judging;
using HeapLedger.Server.Mqtt;
using Microsoft.Extensions.Configuration;

namespace HeapLedger.Server;

/// <summary>
/// The service's settings, read from configuration (appsettings.json, then HEAPLEDGER_*
/// environment variables, then the command line; keys in docs/fleet-service.md).
/// </summary>
public sealed class FleetServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary><c>sqlite:PATH</c> or <c>postgres:CONNECTION_STRING</c>.</summary>
    public string? Store { get; set; }

    /// <summary>Where to listen, separated by <c>;</c>. Loopback unless an <see cref="AdminToken"/> is set.</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>The bearer credential for the device list, device details and admin endpoints; required to listen beyond loopback.</summary>
    public string? AdminToken { get; set; }

    /// <summary>The largest heartbeat request body, in bytes; larger ones get 413.</summary>
    public int MaxBodyBytes { get; set; } = HeartbeatLimits.Default.MaxBodyBytes;

    /// <summary>Heartbeats older than this many days are deleted by the detection job; 0 keeps everything.</summary>
    public int RetentionDays { get; set; } = 400;

    public DetectionSettings Detection { get; set; } = new();

    /// <summary>Heartbeats over MQTT: the broker to subscribe to.</summary>
    public MqttSettings Mqtt { get; set; } = new();

    public static FleetServerOptions From(IConfiguration configuration)
    {
        var options = configuration.Get<FleetServerOptions>() ?? new FleetServerOptions();
        options.Validate();
        return options;
    }

    public HeartbeatLimits Limits => HeartbeatLimits.Default with { MaxBodyBytes = MaxBodyBytes };

    public DetectionJobOptions JobOptions => DetectionJobOptions.Default with
    {
        Interval = TimeSpan.FromSeconds(Detection.IntervalSeconds),
        ReserveBytes = Detection.ReserveBytes,
        History = TimeSpan.FromDays(Detection.HistoryDays),
        RetentionDays = RetentionDays,
    };

    /// <summary>Listening addresses whose host is not a loopback one.</summary>
    public IReadOnlyList<string> BeyondLoopback() =>
        [.. Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(url => !IsLoopback(url))];

    private void Validate()
    {
        if (MaxBodyBytes is < 1024 or > 256 << 20)
        {
            throw new HeapLedgerException($"MaxBodyBytes {MaxBodyBytes}: expected 1024 to {256 << 20} bytes");
        }

        if (RetentionDays is < 0 or > 36_500)
        {
            throw new HeapLedgerException($"RetentionDays {RetentionDays}: expected 0 (keep everything) to 36500");
        }

        if (Detection.IntervalSeconds is < 0 or > 86_400)
        {
            throw new HeapLedgerException($"Detection:IntervalSeconds {Detection.IntervalSeconds}: expected 0 (no scheduled runs) to 86400");
        }

        if (Detection.HistoryDays is < 1 or > 3650 || Detection.ReserveBytes < 0)
        {
            throw new HeapLedgerException($"Detection:HistoryDays {Detection.HistoryDays} / ReserveBytes {Detection.ReserveBytes}: expected 1 to 3650 days and a reserve of 0 or more bytes");
        }

        if (string.IsNullOrWhiteSpace(Urls))
        {
            throw new HeapLedgerException("Urls is empty: expected e.g. http://127.0.0.1:8080");
        }

        if (BeyondLoopback() is [var open, ..] && string.IsNullOrEmpty(AdminToken))
        {
            throw new HeapLedgerException(
                $"{open} listens beyond loopback: set an admin token (AdminToken in appsettings.json or HEAPLEDGER_ADMINTOKEN) so that the device list is not open to the network");
        }

        if (AdminToken is { Length: > 0 and < 16 })
        {
            throw new HeapLedgerException("AdminToken is shorter than 16 characters; use e.g. the output of `openssl rand -base64 32`");
        }

        Mqtt.Validate();
    }

    private static bool IsLoopback(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var host = rest.StartsWith('[') ? rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)] : rest.Split(':', '/')[0];
        return host is "localhost" or "[::1]" || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
    }
}
