using HeapLedger.Detection;
using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Tests.Support.Alerts;
using static HeapLedger.Fleet.Tests.Support.Alerts.Judgements;

namespace HeapLedger.Fleet.Tests.Alerts;

public sealed class AlertEvaluatorTests
{
    private readonly InMemoryAlertStateStore store = new();
    private readonly RecordingQueue queue = new();
    private readonly ListLogger<AlertEvaluator> log = new();

    [Fact]
    public async Task ADeviceThatKeepsLeakingFiresOnce()
    {
        var evaluator = Evaluator(AnyLeak);

        for (var hour = 0; hour < 5; hour++)
        {
            await evaluator.EvaluateAsync(Leaking("gw-1", hour));
        }

        var firing = Assert.Single(queue.Notifications);
        Assert.Equal((AlertTransition.Firing, AlertReason.Matched, Hour(0), Hour(0)), (firing.State, firing.Reason, firing.At, firing.FirstFlaggedAt));
        Assert.Equal(1, firing.Sequence);
        Assert.Single(await store.GetPendingAsync());
    }

    [Fact]
    public async Task RecoveryResolvesOnceAfterADayOfHealthyJudgements()
    {
        var evaluator = Evaluator(AnyLeak);
        await evaluator.EvaluateAsync(Leaking("gw-1", 0));

        for (var hour = 1; hour <= 48; hour++)
        {
            await evaluator.EvaluateAsync(Healthy("gw-1", hour));
        }

        Assert.Equal([AlertTransition.Firing, AlertTransition.Resolved], queue.Notifications.Select(static n => n.State));
        var resolved = queue.Notifications[1];
        // Healthy from hour 1: a day of it is reached at hour 25.
        Assert.Equal((AlertReason.Recovered, Hour(25), Hour(0), 2L), (resolved.Reason, resolved.At, resolved.FirstFlaggedAt, resolved.Sequence));
        Assert.Equal(DeviceVerdict.Healthy, resolved.Snapshot.Verdict);
    }

    [Fact]
    public async Task AFlappingVerdictNeitherResolvesNorFiresAgain()
    {
        var evaluator = Evaluator(AnyLeak);

        for (var hour = 0; hour < 96; hour++)
        {
            // Leaking for 3 hours, healthy for 5, over and over: never a day of quiet.
            await evaluator.EvaluateAsync(hour % 8 < 3 ? Leaking("gw-1", hour) : Healthy("gw-1", hour));
        }

        Assert.Equal(AlertTransition.Firing, Assert.Single(queue.Notifications).State);
    }

    [Fact]
    public async Task AfterResolvingANewLeakFiresAgain()
    {
        var evaluator = Evaluator(AnyLeak);
        await evaluator.EvaluateAsync(Leaking("gw-1", 0));
        await evaluator.EvaluateAsync(Healthy("gw-1", 1));
        await evaluator.EvaluateAsync(Healthy("gw-1", 30));

        await evaluator.EvaluateAsync(Leaking("gw-1", 200));

        Assert.Equal([AlertTransition.Firing, AlertTransition.Resolved, AlertTransition.Firing], queue.Notifications.Select(static n => n.State));
        Assert.Equal(Hour(200), queue.Notifications[2].FirstFlaggedAt);
        Assert.Equal([1L, 2, 3], queue.Notifications.Select(static n => n.Sequence));
    }

    [Fact]
    public async Task TheExhaustionRuleWaitsUntilTheHeapRunsOutWithinItsHorizon()
    {
        var evaluator = Evaluator(AnyLeak, Within14Days);

        await evaluator.EvaluateAsync(Leaking("gw-1", 0, daysLeft: 30));
        await evaluator.EvaluateAsync(Leaking("gw-1", 1, daysLeft: 20));
        await evaluator.EvaluateAsync(Leaking("gw-1", 2, daysLeft: 13));

        Assert.Equal([("any-leak", Hour(0)), ("exhaustion-14d", Hour(2))], queue.Notifications.Select(static n => (n.Rule, n.At)));
    }

    [Fact]
    public async Task ForecastsHoveringAtTheHorizonDoNotFlap()
    {
        var evaluator = Evaluator(Within14Days);

        for (var hour = 0; hour < 72; hour++)
        {
            await evaluator.EvaluateAsync(Leaking("gw-1", hour, daysLeft: hour % 2 == 0 ? 13.9 : 14.1));
        }

        Assert.Single(queue.Notifications);
    }

    [Fact]
    public async Task InsufficientDataSaysNothingEitherWay()
    {
        var evaluator = Evaluator(AnyLeak);
        await evaluator.EvaluateAsync(Undecided("gw-1", 0));
        Assert.Empty(queue.Notifications);

        await evaluator.EvaluateAsync(Leaking("gw-1", 1));
        for (var hour = 2; hour < 100; hour++)
        {
            await evaluator.EvaluateAsync(Undecided("gw-1", hour));
        }

        Assert.Single(queue.Notifications);
    }

    [Fact]
    public async Task AJudgementRepeatedCountsOnce()
    {
        var evaluator = Evaluator(new AlertOptions { ResolveAfter = TimeSpan.Zero, ResolveAfterJudgements = 2 }, AnyLeak);
        await evaluator.EvaluateAsync(Leaking("gw-1", 0));
        await evaluator.EvaluateAsync(Leaking("gw-1", 0));

        await evaluator.EvaluateAsync(Healthy("gw-1", 1));
        await evaluator.EvaluateAsync(Healthy("gw-1", 1));
        Assert.Single(queue.Notifications);

        await evaluator.EvaluateAsync(Healthy("gw-1", 2));
        Assert.Equal(2, queue.Notifications.Count);
    }

    [Fact]
    public async Task MarkingADeviceFixedResolvesEveryFiringRuleOnce()
    {
        var evaluator = Evaluator(AnyLeak, Within14Days);
        await evaluator.EvaluateAsync(Leaking("gw-1", 0, daysLeft: 5));

        var resolved = await evaluator.MarkFixedAsync("gw-1", Hour(10));

        Assert.Equal(2, resolved.Count);
        Assert.All(resolved, static n => Assert.Equal((AlertTransition.Resolved, AlertReason.Fixed, Hour(10)), (n.State, n.Reason, n.At)));
        // The figures the firing had: what was fixed.
        Assert.All(resolved, static n => Assert.Equal(DeviceVerdict.Leaking, n.Snapshot.Verdict));
        Assert.Empty(await evaluator.MarkFixedAsync("gw-1", Hour(11)));
    }

    [Fact]
    public async Task AJudgementFromBeforeTheFixCannotFireAgainButALaterLeakCan()
    {
        var evaluator = Evaluator(AnyLeak);
        await evaluator.EvaluateAsync(Leaking("gw-1", 0));
        await evaluator.MarkFixedAsync("gw-1", Hour(10));

        await evaluator.EvaluateAsync(Leaking("gw-1", 9)); // the job catching up on old heartbeats
        Assert.Equal(2, queue.Notifications.Count);

        await evaluator.EvaluateAsync(Leaking("gw-1", 40));
        Assert.Equal([AlertTransition.Firing, AlertTransition.Resolved, AlertTransition.Firing], queue.Notifications.Select(static n => n.State));
    }

    [Fact]
    public async Task DevicesAreJudgedApart()
    {
        var evaluator = Evaluator(AnyLeak);

        await evaluator.EvaluateAsync(Leaking("gw-1", 0));
        await evaluator.EvaluateAsync(Leaking("gw-2", 0));
        await evaluator.EvaluateAsync(Healthy("gw-3", 0));

        Assert.Equal(["gw-1", "gw-2"], queue.Notifications.Select(static n => n.Device));
    }

    [Fact]
    public async Task AFullQueueDefersTheTransitionToTheNextJudgement()
    {
        var evaluator = Evaluator(AnyLeak);
        queue.HasRoom = false;

        await evaluator.EvaluateAsync(Leaking("gw-1", 0));
        await evaluator.EvaluateAsync(Leaking("gw-1", 1));
        Assert.Empty(queue.Notifications);
        Assert.Empty(await store.GetPendingAsync());
        Assert.Equal(2, evaluator.Deferred);
        Assert.Single(log.Entries); // once per episode, not per deferral

        queue.HasRoom = true;
        await evaluator.EvaluateAsync(Leaking("gw-1", 2));

        var firing = Assert.Single(queue.Notifications);
        Assert.Equal(Hour(2), firing.FirstFlaggedAt);
    }

    [Fact]
    public async Task TheStateSurvivesANewEvaluatorOnTheSameStore()
    {
        await Evaluator(AnyLeak).EvaluateAsync(Leaking("gw-1", 0));

        await Evaluator(AnyLeak).EvaluateAsync(Leaking("gw-1", 1));

        Assert.Single(queue.Notifications);
    }

    [Fact]
    public void ARuleWithoutAnAbsoluteWebhookIsRejectedAtStart()
    {
        var error = Assert.Throws<ArgumentException>(() => Evaluator(AnyLeak with { Webhook = new Uri("/hooks/leak", UriKind.Relative) }));
        Assert.StartsWith("alert rule \"any-leak\": the webhook must be an absolute http or https address, not \"/hooks/leak\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoRulesWithOneNameAreRejectedAtStart()
    {
        Assert.Throws<ArgumentException>(() => Evaluator(AnyLeak, Within14Days with { Name = "any-leak" }));
    }

    private AlertEvaluator Evaluator(params AlertRule[] rules) => Evaluator(AlertOptions.Default, rules);

    private AlertEvaluator Evaluator(AlertOptions options, params AlertRule[] rules) => new(rules, store, queue, options, log);
}
