using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Storage;
using Microsoft.Extensions.Logging;

namespace HeapLedger.Server;

/// <summary>
/// The service's alerting: the rules' evaluator and the webhook dispatcher over the store's alert
/// state (in memory, with a warning, for a store that does not keep it). Both are null when no
/// rule is configured. The detection service runs the dispatcher; the detection job feeds the evaluator.
/// </summary>
internal sealed partial class FleetAlerts : IDisposable
{
    private readonly HttpClient? _http;

    public FleetAlerts(IReadOnlyList<AlertRule> rules, IFleetStore store, ILoggerFactory logs, TimeProvider clock)
    {
        if (rules.Count == 0)
        {
            return;
        }

        IAlertStateStore state;
        if (store is IFleetAnalysisStore analysis)
        {
            state = analysis.AlertState;
        }
        else
        {
            state = new InMemoryAlertStateStore();
            KeptInMemory(logs.CreateLogger<FleetAlerts>(), store.Location.Kind.ToString());
        }

        // Connections are recycled so that a receiver that moves (DNS) is found again.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        Dispatcher = new WebhookDispatcher(_http, state, WebhookOptions.Default, logs.CreateLogger<WebhookDispatcher>(), clock);
        Evaluator = new AlertEvaluator(rules, state, Dispatcher, AlertOptions.Default, logs.CreateLogger<AlertEvaluator>());
    }

    public WebhookDispatcher? Dispatcher { get; }

    public AlertEvaluator? Evaluator { get; }

    public void Dispose() => _http?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Store} store does not keep alert state: it is kept in memory, so a restart forgets which alerts fired and what was still to be sent")]
    private static partial void KeptInMemory(ILogger logger, string store);
}
