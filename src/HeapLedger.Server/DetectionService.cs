using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Judging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HeapLedger.Server;

/// <summary>
/// Runs the detection job at start and then every <see cref="DetectionJobOptions.Interval"/>. A
/// failed run is logged and the next one tried: the service keeps taking heartbeats. With alert
/// rules it also runs the webhook dispatcher, started first so that what an earlier process left
/// pending is loaded before the first judgement; it delivers even when no run is scheduled.
/// </summary>
internal sealed partial class DetectionService(DetectionJob job, FleetAlerts alerts, TimeProvider clock, ILogger<DetectionService> log) : BackgroundService
{
    public DateTimeOffset? LastRun { get; private set; }

    public DetectionRun? LastResult { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delivery = alerts.Dispatcher is { } dispatcher ? DeliverAsync(dispatcher, stoppingToken) : Task.CompletedTask;
        try
        {
            if (job.Options.Interval > TimeSpan.Zero)
            {
                using var timer = new PeriodicTimer(job.Options.Interval, clock);
                await RunAsync(timer, stoppingToken).ConfigureAwait(false);
            }

            await delivery.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping (or never started: the host failed to bind)
        }
    }

    private async Task DeliverAsync(WebhookDispatcher dispatcher, CancellationToken stoppingToken)
    {
        try
        {
            await dispatcher.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            DeliveryFailed(log, e);
        }
    }

    private async Task RunAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                var run = await job.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                (LastRun, LastResult) = (clock.GetUtcNow(), run);
                if (run.Judged > 0 || run.HeartbeatsDeleted > 0)
                {
                    Ran(log, run.Judged, run.Leaking, run.LeakingSites, run.Notifications, run.HeartbeatsDeleted, run.Elapsed.TotalSeconds);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                Failed(log, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Detection: judged {Judged} devices ({Leaking} leaking, {LeakingSites} leaking sites), {Notifications} alert notifications, deleted {Deleted} old heartbeats, in {Seconds:F1} s")]
    private static partial void Ran(ILogger logger, int judged, int leaking, int leakingSites, int notifications, long deleted, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert delivery stopped: notifications stay pending in the store and are sent after a restart")]
    private static partial void DeliveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Detection run failed; the next runs as scheduled")]
    private static partial void Failed(ILogger logger, Exception exception);
}
