using Microsoft.Extensions.Logging;

namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// Turns each new judgement of a device into firing / resolved notifications per rule: the state
/// and its notification are saved together, then handed to the queue, which delivers them in the
/// background. The job awaits only the store, never a webhook. Judgements of one device are taken
/// one at a time (devices are spread over a few locks); the store sees one writer per (rule, device)
/// within this process.
/// </summary>
public sealed class AlertEvaluator
{
    private const int LockStripes = 32;

    private static readonly Action<ILogger, string, string, Exception?> LogQueueFull = LoggerMessage.Define<string, string>(
        LogLevel.Warning,
        new EventId(1, "AlertQueueFull"),
        "Alert queue is full: {Rule} for {Device} waits for the device's next judgement (further deferrals are counted, not logged, until the queue has room)");

    private readonly IReadOnlyList<AlertRule> rules;
    private readonly IAlertStateStore store;
    private readonly IAlertQueue queue;
    private readonly AlertOptions options;
    private readonly ILogger logger;
    private readonly SemaphoreSlim[] locks = [.. Enumerable.Range(0, LockStripes).Select(static _ => new SemaphoreSlim(1, 1))];
    private long deferred;
    private int queueWasFull;

    public AlertEvaluator(IReadOnlyList<AlertRule> rules, IAlertStateStore store, IAlertQueue queue, AlertOptions options, ILogger<AlertEvaluator> logger)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var duplicate = rules.GroupBy(static r => r.Name, StringComparer.Ordinal).FirstOrDefault(static g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"two alert rules are named \"{duplicate.Key}\"", nameof(rules));
        }

        var unreachable = rules.FirstOrDefault(static r => !r.Webhook.IsAbsoluteUri || (r.Webhook.Scheme != Uri.UriSchemeHttp && r.Webhook.Scheme != Uri.UriSchemeHttps));
        if (unreachable is not null)
        {
            throw new ArgumentException($"alert rule \"{unreachable.Name}\": the webhook must be an absolute http or https address, not \"{unreachable.Webhook}\"", nameof(rules));
        }

        this.rules = rules;
        this.store = store;
        this.queue = queue;
        this.options = options;
        this.logger = logger;
    }

    public IReadOnlyList<AlertRule> Rules => rules;

    /// <summary>Transitions put off because the queue was full (each is found again at its device's next judgement).</summary>
    public long Deferred => Interlocked.Read(ref deferred);

    /// <summary>The notifications this judgement caused, already saved and queued.</summary>
    public async Task<IReadOnlyList<AlertNotification>> EvaluateAsync(DeviceJudgement judgement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(judgement);
        return await ForEachRuleAsync(
            judgement.Device,
            (rule, state) => AlertStateMachine.Judge(state, rule, judgement, options),
            mayDefer: true,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Someone fixed the device at <paramref name="fixedAt"/> (heartbeat time, e.g. the first
    /// heartbeat of the new firmware): every firing rule resolves with reason "fixed", and
    /// judgements as of the fix or earlier cannot fire again. Queued even when the queue is full:
    /// there is no later judgement to find a fix again.
    /// </summary>
    public async Task<IReadOnlyList<AlertNotification>> MarkFixedAsync(string device, DateTimeOffset fixedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        return await ForEachRuleAsync(device, (_, state) => AlertStateMachine.Fix(state, fixedAt), mayDefer: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<AlertNotification>> ForEachRuleAsync(
        string device,
        Func<AlertRule, AlertState, AlertStateMachine.Step> step,
        bool mayDefer,
        CancellationToken cancellationToken)
    {
        var gate = locks[(StringComparer.Ordinal.GetHashCode(device) & int.MaxValue) % LockStripes];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sent = new List<AlertNotification>();
            foreach (var rule in rules)
            {
                var state = await store.GetAsync(rule.Name, device, cancellationToken).ConfigureAwait(false) ?? new AlertState(rule.Name, device);
                var (next, transition, reason, at, snapshot) = step(rule, state);
                if (next == state)
                {
                    continue;
                }

                if (transition is not { } kind)
                {
                    await store.SaveAsync(next, null, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (mayDefer && !queue.HasRoom)
                {
                    Interlocked.Increment(ref deferred);
                    if (Interlocked.Exchange(ref queueWasFull, 1) == 0)
                    {
                        LogQueueFull(logger, rule.Name, device, null);
                    }

                    continue;
                }

                Interlocked.Exchange(ref queueWasFull, 0);
                var notification = new AlertNotification(
                    Guid.CreateVersion7(), rule.Name, rule.Webhook, device, next.Sequence, kind, reason, at, next.FirstFlaggedAt ?? at, snapshot!);
                await store.SaveAsync(next, notification, cancellationToken).ConfigureAwait(false);
                queue.Enqueue(notification);
                sent.Add(notification);
            }

            return sent;
        }
        finally
        {
            gate.Release();
        }
    }
}
