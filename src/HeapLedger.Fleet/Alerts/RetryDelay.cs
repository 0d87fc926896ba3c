namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// The wait before the next attempt: BaseDelay doubled after each failure up to MaxDelay, less a
/// random share up to Jitter ("equal jitter": with 0.5 each wait is between half and all of its
/// step, so waits never shrink from one attempt to the next while receivers hit by one outage
/// still spread out); at least what a Retry-After asked for, up to MaxRetryAfter.
/// </summary>
internal static class RetryDelay
{
    /// <param name="failures">Attempts failed so far (1 after the first).</param>
    /// <param name="random">A draw in [0, 1).</param>
    public static TimeSpan After(int failures, TimeSpan? retryAfter, WebhookOptions options, double random)
    {
        var step = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(step, options.MaxDelay.TotalMilliseconds);
        var wait = TimeSpan.FromMilliseconds(capped * (1 - (options.Jitter * random)));
        if (retryAfter is { } asked && asked > wait)
        {
            wait = asked < options.MaxRetryAfter ? asked : options.MaxRetryAfter;
        }

        return wait;
    }

    /// <summary>Retried: 408, 429 and 5xx (and timeouts and connection failures, which have no status).</summary>
    public static bool IsRetryable(int status) => status is 408 or 429 or >= 500;
}
