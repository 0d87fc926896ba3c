namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// Delivery: bounded memory, bounded concurrency, exponential backoff with jitter.
/// docs/pivot-and-alerts.md, "Retry policy", says why these defaults.
/// </summary>
public sealed record WebhookOptions
{
    public static WebhookOptions Default { get; } = new();

    /// <summary>Notifications held for delivery at once; past it the evaluator defers transitions.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Requests in flight at once (a notification waiting to retry holds none).</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Attempts per notification, the first included, before it is given up and logged.</summary>
    public int MaxAttempts { get; init; } = 16;

    /// <summary>The wait after the first failure; it doubles after each one.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between attempts that backoff alone reaches.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Share of each wait drawn at random and taken off (0: none; 0.5: a wait between half and all of it).</summary>
    public double Jitter { get; init; } = 0.5;

    /// <summary>The longest wait a receiver's Retry-After can ask for; longer asks are cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>An attempt with no response by then is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
