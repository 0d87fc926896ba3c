using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// Posts notifications to their rules' webhooks in the background. Each (rule, device) is a lane
/// delivered in transition order (a "resolved" never overtakes its "firing"); lanes go in
/// parallel, up to <see cref="WebhookOptions.MaxConcurrency"/> requests at once. A failed attempt
/// (5xx, 408, 429, timeout, no connection) is retried after an exponential wait with jitter, or
/// after the receiver's Retry-After; a lane waiting to retry holds no worker. Other 4xx are not
/// retried. A notification leaves the store's pending list when delivered or given up (logged at
/// Error); one still pending when the process stops is loaded again by the next
/// <see cref="RunAsync"/>, so delivery is at least once and receivers drop repeats by "id".
/// <para>
/// Memory is bounded by <see cref="WebhookOptions.QueueCapacity"/>: <see cref="HasRoom"/> turns
/// false and the evaluator stops advancing state, so a transition waits in the data (it is found
/// again at the next judgement) rather than in memory. Nothing here blocks the caller.
/// </para>
/// </summary>
public sealed class WebhookDispatcher : IAlertQueue
{
    private static readonly Action<ILogger, Uri, string, string, string, Guid, int, Exception?> LogRefused =
        LoggerMessage.Define<Uri, string, string, string, Guid, int>(
            LogLevel.Error,
            new EventId(10, "WebhookRefused"),
            "Webhook {Webhook} refused {State} of {Rule} for {Device} (notification {Id}) with HTTP {Status}: not retried");

    private static readonly Action<ILogger, string, string, string, Guid, int, string, Exception?> LogGaveUp =
        LoggerMessage.Define<string, string, string, Guid, int, string>(
            LogLevel.Error,
            new EventId(11, "WebhookGaveUp"),
            "Gave up {State} of {Rule} for {Device} (notification {Id}) after {Attempts} attempts; last: {Failure}");

    private static readonly Action<ILogger, Uri, string, Guid, int, TimeSpan, Exception?> LogRetrying =
        LoggerMessage.Define<Uri, string, Guid, int, TimeSpan>(
            LogLevel.Warning,
            new EventId(12, "WebhookRetrying"),
            "Webhook {Webhook} failed ({Failure}) for notification {Id} at attempt {Attempt}; retrying in {Wait}");

    private static readonly Action<ILogger, Guid, Exception?> LogStoreFailed =
        LoggerMessage.Define<Guid>(
            LogLevel.Error,
            new EventId(13, "AlertStoreFailed"),
            "Could not remove notification {Id} from the pending ones: it will be sent again after a restart");

    private readonly HttpClient http;
    private readonly IAlertStateStore store;
    private readonly WebhookOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly Dictionary<(string Rule, string Device), List<Delivery>> lanes = [];
    private readonly HashSet<Guid> held = [];
    private readonly Channel<(string Rule, string Device)> ready = Channel.CreateUnbounded<(string, string)>();
    private int count;

    public WebhookDispatcher(HttpClient http, IAlertStateStore store, WebhookOptions options, ILogger<WebhookDispatcher> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        this.http = http;
        this.store = store;
        this.options = options;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>Raised once per notification, when it is delivered or given up.</summary>
    public event EventHandler<DeliveryOutcome>? Completed;

    public bool HasRoom => Volatile.Read(ref count) < options.QueueCapacity;

    /// <summary>Notifications held: waiting, in flight, or waiting to retry.</summary>
    public int Count => Volatile.Read(ref count);

    public void Enqueue(AlertNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (gate)
        {
            if (!held.Add(notification.Id))
            {
                return; // already held: loaded from the store and handed over by the evaluator too
            }

            Volatile.Write(ref count, held.Count);
            var key = (notification.Rule, notification.Device);
            var delivery = new Delivery(notification);
            if (!lanes.TryGetValue(key, out var lane))
            {
                lanes.Add(key, [delivery]);
                ready.Writer.TryWrite(key);
                return;
            }

            // In transition order, behind whatever a worker has already started.
            var first = lane[0].Started ? 1 : 0;
            var at = lane.Count;
            while (at > first && lane[at - 1].Notification.Sequence > notification.Sequence)
            {
                at--;
            }

            lane.Insert(at, delivery);
        }
    }

    /// <summary>
    /// Loads what an earlier process left pending, then delivers until cancelled. Start it before
    /// the detection job evaluates. A request cut short by cancellation stays pending in the store.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var notification in await store.GetPendingAsync(cancellationToken).ConfigureAwait(false))
        {
            Enqueue(notification);
        }

        var workers = Enumerable.Range(0, options.MaxConcurrency).Select(_ => WorkAsync(cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: what was not delivered is still pending in the store.
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        await foreach (var key in ready.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            Delivery delivery;
            lock (gate)
            {
                delivery = lanes[key][0];
                delivery.Started = true;
            }

            var notification = delivery.Notification;
            var (status, retryAfter, failure) = await AttemptAsync(notification, cancellationToken).ConfigureAwait(false);
            delivery.Attempts++;
            delivery.LastStatus = status;
            if (status is >= 200 and < 300)
            {
                await FinishAsync(key, delivery, delivered: true).ConfigureAwait(false);
            }
            else if (status is { } refused && !RetryDelay.IsRetryable(refused))
            {
                LogRefused(logger, notification.Webhook, StateName(notification), notification.Rule, notification.Device, notification.Id, refused, null);
                await FinishAsync(key, delivery, delivered: false).ConfigureAwait(false);
            }
            else if (delivery.Attempts >= options.MaxAttempts)
            {
                LogGaveUp(logger, StateName(notification), notification.Rule, notification.Device, notification.Id, delivery.Attempts, failure, null);
                await FinishAsync(key, delivery, delivered: false).ConfigureAwait(false);
            }
            else
            {
                var wait = RetryDelay.After(delivery.Attempts, retryAfter, options, Random.Shared.NextDouble());
                delivery.Waits.Add(wait);
                LogRetrying(logger, notification.Webhook, failure, notification.Id, delivery.Attempts, wait, null);
                _ = ReadyAfterAsync(key, wait, cancellationToken);
            }
        }
    }

    /// <summary>One POST: its status (null when none came back), the Retry-After asked for, and what failed, for the log.</summary>
    private async Task<(int? Status, TimeSpan? RetryAfter, string Failure)> AttemptAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.AttemptTimeout);
        using var content = new ByteArrayContent(AlertPayload.Serialize(notification, time.GetUtcNow()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, notification.Webhook) { Content = content };
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return (status, RetryAfter(response), $"HTTP {status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, null, $"no response within {options.AttemptTimeout}");
        }
#pragma warning disable CA1031 // One bad webhook never stops the others: whatever failed is retried, then given up.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return (null, null, e.Message);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? (date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero) : null;
    }

    private async Task ReadyAfterAsync((string Rule, string Device) key, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            ready.Writer.TryWrite(key);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the notification is still pending in the store.
        }
    }

    private async Task FinishAsync((string Rule, string Device) key, Delivery delivery, bool delivered)
    {
        var notification = delivery.Notification;
        try
        {
            // Not cancelled with the run: a delivery that happened should be recorded as such.
            await store.RemovePendingAsync(notification.Id, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A store that fails must not stop delivery; the cost is a repeat after a restart.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogStoreFailed(logger, notification.Id, e);
        }

        lock (gate)
        {
            var lane = lanes[key];
            lane.RemoveAt(0);
            held.Remove(notification.Id);
            Volatile.Write(ref count, held.Count);
            if (lane.Count == 0)
            {
                lanes.Remove(key);
            }
            else
            {
                ready.Writer.TryWrite(key);
            }
        }

        Completed?.Invoke(this, new DeliveryOutcome(notification, delivered, delivery.Attempts, delivery.LastStatus, [.. delivery.Waits]));
    }

    private static string StateName(AlertNotification notification) =>
        notification.State == AlertTransition.Firing ? "firing" : "resolved";

    /// <summary>One notification on its way; touched only by the worker that holds its lane.</summary>
    private sealed class Delivery(AlertNotification notification)
    {
        public AlertNotification Notification { get; } = notification;

        public bool Started { get; set; }

        public int Attempts { get; set; }

        public int? LastStatus { get; set; }

        public List<TimeSpan> Waits { get; } = [];
    }
}
