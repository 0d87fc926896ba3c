using System.Collections.Concurrent;
using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Tests.Support.Alerts;
using Microsoft.Extensions.Logging;
using static HeapLedger.Fleet.Tests.Support.Alerts.Judgements;

namespace HeapLedger.Fleet.Tests.Alerts;

/// <summary>The evaluator and the dispatcher against a real HTTP receiver on loopback.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private static readonly WebhookOptions FastRetries = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(40),
        MaxDelay = TimeSpan.FromSeconds(1),
        AttemptTimeout = TimeSpan.FromSeconds(5),
    };

    private readonly WebhookReceiver receiver = new();
    private readonly InMemoryAlertStateStore store = new();
    private readonly HttpClient http = new();
    private readonly ListLogger<WebhookDispatcher> log = new();
    private readonly ConcurrentQueue<DeliveryOutcome> outcomes = new();
    private CancellationTokenSource stop = new();
    private WebhookDispatcher dispatcher = null!;
    private Task running = Task.CompletedTask;

    public Task InitializeAsync()
    {
        StartDispatcher(FastRetries);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
        http.Dispose();
        receiver.Dispose();
    }

    [Fact]
    public async Task ALeakingDeviceIsPostedOnceAndItsRecoveryOnce()
    {
        var evaluator = Evaluator();

        for (var hour = 0; hour < 5; hour++)
        {
            await evaluator.EvaluateAsync(Leaking("gw-1", hour));
        }

        await WaitForOutcomesAsync(1);
        for (var hour = 5; hour < 40; hour++)
        {
            await evaluator.EvaluateAsync(Healthy("gw-1", hour));
        }

        await WaitForOutcomesAsync(2);
        await Task.Delay(200); // anything more would have arrived by now
        var requests = receiver.Requests;
        Assert.Equal(["firing", "resolved"], requests.Select(static r => r.Text("state")));
        Assert.Equal("application/json; charset=utf-8", requests[0].ContentType);
        var firing = requests[0].Body;
        Assert.Equal(1, firing.GetProperty("version").GetInt32());
        Assert.Equal(("any-leak", "gw-1", "leaking", "matched"), (requests[0].Text("rule"), requests[0].Text("device"), requests[0].Text("verdict"), requests[0].Text("reason")));
        Assert.Equal(812.5, firing.GetProperty("bytesPerHour").GetDouble());
        Assert.Equal("2026-03-11T00:00:00Z", requests[0].Text("exhaustionAt"));
        Assert.Equal("2026-02-26T00:00:00Z", requests[0].Text("onset"));
        Assert.Equal("2026-03-01T00:00:00Z", requests[0].Text("firstFlaggedAt"));
        Assert.Equal("weak", firing.GetProperty("attributes").GetProperty("coverage").GetString());
        Assert.True(DateTimeOffset.Parse(requests[0].Text("sentAt"), System.Globalization.CultureInfo.InvariantCulture) > Start);
        Assert.Equal(("healthy", "recovered", "2026-03-01T00:00:00Z"), (requests[1].Text("verdict"), requests[1].Text("reason"), requests[1].Text("firstFlaggedAt")));
        Assert.Equal(JsonNull, requests[1].Body.GetProperty("exhaustionAt").ValueKind);
        Assert.NotEqual(requests[0].Text("id"), requests[1].Text("id"));
        Assert.Empty(await store.GetPendingAsync());
    }

    [Fact]
    public async Task FlappingVerdictsPostOneFiring()
    {
        var evaluator = Evaluator();

        for (var hour = 0; hour < 60; hour++)
        {
            await evaluator.EvaluateAsync(hour % 4 < 2 ? Leaking("gw-1", hour) : Healthy("gw-1", hour));
        }

        await WaitForOutcomesAsync(1);
        await Task.Delay(200);
        Assert.Equal("firing", Assert.Single(receiver.Requests).Text("state"));
    }

    [Fact]
    public async Task TwoServiceUnavailablesAreRetriedWithGrowingWaitsAndTheThirdAttemptDelivers()
    {
        receiver.Respond = static n => (n <= 2 ? 503 : 200, null, TimeSpan.Zero);

        await Evaluator().EvaluateAsync(Leaking("gw-1", 0));

        var outcome = (await WaitForOutcomesAsync(1))[0];
        Assert.True(outcome.Delivered);
        Assert.Equal((3, 200), (outcome.Attempts, outcome.LastStatus));
        var requests = receiver.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Single(requests.Select(static r => r.Text("id")).Distinct());
        // Backoff: the second wait is at least the first (equal jitter never shrinks a wait),
        // and each attempt came only after the wait before it.
        Assert.Equal(2, outcome.Waits.Count);
        Assert.True(outcome.Waits[1] >= outcome.Waits[0], $"{outcome.Waits[0]} then {outcome.Waits[1]}");
        Assert.InRange(outcome.Waits[0], FastRetries.BaseDelay / 2, FastRetries.BaseDelay);
        Assert.InRange(outcome.Waits[1], FastRetries.BaseDelay, FastRetries.BaseDelay * 2);
        Assert.True(Elapsed(requests[0], requests[1]) >= outcome.Waits[0] - TimeSpan.FromMilliseconds(5));
        Assert.True(Elapsed(requests[1], requests[2]) >= outcome.Waits[1] - TimeSpan.FromMilliseconds(5));
        Assert.Equal(2, log.Entries.Count(static e => e.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task ABadRequestIsNotRetriedAndIsLogged()
    {
        receiver.Respond = static _ => (400, null, TimeSpan.Zero);

        await Evaluator().EvaluateAsync(Leaking("gw-1", 0));

        var outcome = (await WaitForOutcomesAsync(1))[0];
        await Task.Delay(200);
        Assert.False(outcome.Delivered);
        Assert.Equal((1, 400), (outcome.Attempts, outcome.LastStatus));
        Assert.Single(receiver.Requests);
        var error = Assert.Single(log.Entries, static e => e.Level == LogLevel.Error);
        Assert.Contains("with HTTP 400: not retried", error.Message, StringComparison.Ordinal);
        Assert.Contains("firing of any-leak for gw-1", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.GetPendingAsync());
    }

    [Fact]
    public async Task TooManyRequestsWaitsAsLongAsRetryAfterSays()
    {
        receiver.Respond = static n => (n == 1 ? 429 : 200, n == 1 ? "1" : null, TimeSpan.Zero);

        await Evaluator().EvaluateAsync(Leaking("gw-1", 0));

        var outcome = (await WaitForOutcomesAsync(1))[0];
        Assert.True(outcome.Delivered);
        Assert.Equal([TimeSpan.FromSeconds(1)], outcome.Waits);
        var requests = receiver.Requests;
        Assert.True(Elapsed(requests[0], requests[1]) >= TimeSpan.FromMilliseconds(995));
    }

    [Fact]
    public async Task ATimedOutAttemptIsRetried()
    {
        await RestartAsync(FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(500) });
        receiver.Respond = static n => (200, null, n == 1 ? TimeSpan.FromSeconds(3) : TimeSpan.Zero);

        await Evaluator().EvaluateAsync(Leaking("gw-1", 0));

        var outcome = (await WaitForOutcomesAsync(1))[0];
        Assert.True(outcome.Delivered);
        // At least 2: on a loaded machine a later answer can be late too, and is retried as well.
        Assert.True(outcome.Attempts >= 2, $"{outcome.Attempts} attempts");
        Assert.Contains(log.Entries, static e => e.Message.Contains("no response within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AResolvedNeverOvertakesItsFiring()
    {
        receiver.Respond = static n => (n <= 3 ? 503 : 200, null, TimeSpan.Zero);
        var evaluator = Evaluator(new AlertOptions { ResolveAfter = TimeSpan.Zero });

        await evaluator.EvaluateAsync(Leaking("gw-1", 0));
        await evaluator.EvaluateAsync(Healthy("gw-1", 1));
        await evaluator.EvaluateAsync(Healthy("gw-1", 2));

        await WaitForOutcomesAsync(2);
        var delivered = receiver.Requests.Where(static r => r.Number > 3).Select(static r => r.Text("state"));
        Assert.Equal(["firing", "resolved"], delivered);
    }

    [Fact]
    public async Task GivingUpAfterMaxAttemptsIsLoggedAndLeavesTheStore()
    {
        await RestartAsync(FastRetries with { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10) });
        receiver.Respond = static _ => (500, null, TimeSpan.Zero);

        await Evaluator().EvaluateAsync(Leaking("gw-1", 0));

        var outcome = (await WaitForOutcomesAsync(1))[0];
        Assert.Equal((false, 3, 500), (outcome.Delivered, outcome.Attempts, outcome.LastStatus));
        Assert.Contains(log.Entries, static e => e.Level == LogLevel.Error && e.Message.Contains("after 3 attempts; last: HTTP 500", StringComparison.Ordinal));
        Assert.Empty(await store.GetPendingAsync());
    }

    [Fact]
    public async Task AReceiverThatIsNotThereIsRetriedThenGivenUp()
    {
        await RestartAsync(FastRetries with { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) });
        // Nothing listens on loopback port 1: the connection is refused at once.
        var rule = AnyLeak with { Webhook = new Uri("http://127.0.0.1:1/hook") };
        var evaluator = new AlertEvaluator([rule], store, dispatcher, AlertOptions.Default, new ListLogger<AlertEvaluator>());

        await evaluator.EvaluateAsync(Leaking("gw-1", 0));

        var outcome = (await WaitForOutcomesAsync(1))[0];
        Assert.Equal((false, 2, (int?)null), (outcome.Delivered, outcome.Attempts, outcome.LastStatus));
        Assert.Single(log.Entries, static e => e.Level == LogLevel.Warning);
        Assert.Single(log.Entries, static e => e.Level == LogLevel.Error && e.Message.Contains("after 2 attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhatAnEarlierProcessLeftPendingIsDeliveredAtStart()
    {
        var left = new AlertNotification(
            Guid.CreateVersion7(), "any-leak", receiver.Url, "gw-9", 1, AlertTransition.Firing, AlertReason.Matched, Start, Start, AlertSnapshot.Of(Leaking("gw-9", 0)));
        // Saved as an evaluator would, but never handed to this dispatcher: a new process finds it.
        await store.SaveAsync(new AlertState("any-leak", "gw-9", Firing: true, Sequence: 1), left);

        await RestartAsync(FastRetries);

        await WaitForOutcomesAsync(1);
        Assert.Equal("gw-9", Assert.Single(receiver.Requests).Text("device"));
        Assert.Equal(left.Id.ToString(), receiver.Requests[0].Text("id"));
    }

    [Fact]
    public async Task AFullDispatcherHasNoRoomUntilItDelivers()
    {
        await RestartAsync(FastRetries with { QueueCapacity = 2 });
        receiver.Respond = static _ => (200, null, TimeSpan.FromSeconds(1));
        var evaluator = Evaluator();

        await evaluator.EvaluateAsync(Leaking("gw-1", 0));
        await evaluator.EvaluateAsync(Leaking("gw-2", 0));
        Assert.False(dispatcher.HasRoom);
        await evaluator.EvaluateAsync(Leaking("gw-3", 0));
        Assert.Equal(1, evaluator.Deferred);

        await WaitForOutcomesAsync(2);
        Assert.True(dispatcher.HasRoom);
        await evaluator.EvaluateAsync(Leaking("gw-3", 1));
        await WaitForOutcomesAsync(3);
        Assert.Equal(["gw-1", "gw-2", "gw-3"], receiver.Requests.Select(static r => r.Text("device")).Order(StringComparer.Ordinal));
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;

    private AlertEvaluator Evaluator(AlertOptions? options = null) =>
        new([AnyLeak with { Webhook = receiver.Url }], store, dispatcher, options ?? AlertOptions.Default, new ListLogger<AlertEvaluator>());

    private void StartDispatcher(WebhookOptions options)
    {
        dispatcher = new WebhookDispatcher(http, store, options, log);
        dispatcher.Completed += (_, outcome) => outcomes.Enqueue(outcome);
        running = dispatcher.RunAsync(stop.Token);
    }

    private async Task RestartAsync(WebhookOptions options)
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
        stop = new CancellationTokenSource();
        StartDispatcher(options);
    }

    private async Task<IReadOnlyList<DeliveryOutcome>> WaitForOutcomesAsync(int expected)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (outcomes.Count < expected && !limit.IsCancellationRequested)
        {
            await Task.Delay(10);
        }

        Assert.True(outcomes.Count >= expected, $"{outcomes.Count} of {expected} deliveries ended");
        return [.. outcomes];
    }

    private static TimeSpan Elapsed(ReceivedRequest earlier, ReceivedRequest later) =>
        System.Diagnostics.Stopwatch.GetElapsedTime(earlier.Timestamp, later.Timestamp);
}
