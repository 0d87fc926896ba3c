using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Storage;
using HeapLedger.Fleet.Tests.Support;
using HeapLedger.Fleet.Tests.Support.Alerts;
using HeapLedger.Tests.Shared;
using static HeapLedger.Fleet.Tests.Support.Alerts.Judgements;

namespace HeapLedger.Fleet.Tests.Alerts;

/// <summary>What every store's <see cref="IAlertStateStore"/> keeps across a restart, on SQLite and on PostgreSQL.</summary>
[Collection(PostgresCluster.Collection)]
public sealed class AlertStateStoreContractTests(PostgresCluster cluster)
{
    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task AFiringAndItsStateSurviveAReopenOfTheStore(string kind)
    {
        await using var temp = await StoreUnderTest.CreateAsync(kind, cluster);
        var queue = new RecordingQueue();
        var evaluator = new AlertEvaluator([AnyLeak, Within14Days], AlertState(temp), queue, AlertOptions.Default, new ListLogger<AlertEvaluator>());
        await evaluator.EvaluateAsync(Leaking("gw-1", 0, daysLeft: 10));
        await evaluator.EvaluateAsync(Healthy("gw-1", 1));
        Assert.Equal(2, queue.Notifications.Count);

        await temp.ReopenAsync();
        var store = AlertState(temp);
        var state = await store.GetAsync(AnyLeak.Name, "gw-1");
        Assert.NotNull(state);
        Assert.Equal((true, 1L, Hour(0), Hour(1), 1, Hour(1)), (state.Firing, state.Sequence, state.FirstFlaggedAt, state.ClearSince, state.ClearJudgements, state.JudgedThrough));
        Assert.Equal(812.5, state.Fired!.BytesPerHour);
        Assert.Equal(Hour(0).AddDays(10), state.Fired.ExhaustionAt);
        Assert.Equal(Attributes.OrderBy(a => a.Key), state.Fired.Attributes.OrderBy(a => a.Key));
        Assert.Null(await store.GetAsync(AnyLeak.Name, "gw-2"));

        var pending = await store.GetPendingAsync();
        Assert.Equal(queue.Notifications.Select(n => n.Id), pending.Select(n => n.Id));
        var (sent, loaded) = (queue.Notifications[1], pending[1]);
        Assert.Equal((sent.Rule, sent.Webhook, sent.Device, sent.Sequence, sent.State, sent.Reason, sent.At, sent.FirstFlaggedAt),
            (loaded.Rule, loaded.Webhook, loaded.Device, loaded.Sequence, loaded.State, loaded.Reason, loaded.At, loaded.FirstFlaggedAt));
        Assert.Equal((sent.Snapshot.Verdict, sent.Snapshot.BytesPerHour, sent.Snapshot.Onset), (loaded.Snapshot.Verdict, loaded.Snapshot.BytesPerHour, loaded.Snapshot.Onset));

        await store.RemovePendingAsync(pending[0].Id);
        await store.RemovePendingAsync(Guid.NewGuid());
        Assert.Equal([pending[1].Id], (await store.GetPendingAsync()).Select(n => n.Id));
    }

    [Theory]
    [MemberData(nameof(StoreUnderTest.Kinds), MemberType = typeof(StoreUnderTest))]
    public async Task PendingNotificationsComeBackOldestFirstAndAFixResolvesFromTheStore(string kind)
    {
        await using var temp = await StoreUnderTest.CreateAsync(kind, cluster);
        var queue = new RecordingQueue();
        var evaluator = new AlertEvaluator([AnyLeak], AlertState(temp), queue, AlertOptions.Default, new ListLogger<AlertEvaluator>());
        foreach (var device in new[] { "gw-c", "gw-a", "gw-b" })
        {
            await evaluator.EvaluateAsync(Leaking(device, 0));
        }

        await temp.ReopenAsync();
        evaluator = new AlertEvaluator([AnyLeak], AlertState(temp), queue, AlertOptions.Default, new ListLogger<AlertEvaluator>());
        var fixedOne = Assert.Single(await evaluator.MarkFixedAsync("gw-a", Hour(5)));
        Assert.Equal((AlertTransition.Resolved, AlertReason.Fixed, Hour(0)), (fixedOne.State, fixedOne.Reason, fixedOne.FirstFlaggedAt));
        Assert.Equal(812.5, fixedOne.Snapshot.BytesPerHour);
        Assert.Empty(await evaluator.EvaluateAsync(Leaking("gw-a", 4)));

        var pending = await AlertState(temp).GetPendingAsync();
        Assert.Equal(["gw-c", "gw-a", "gw-b", "gw-a"], pending.Select(n => n.Device));
        Assert.Equal([1L, 1, 1, 2], pending.Select(n => n.Sequence));
    }

    private static IAlertStateStore AlertState(StoreUnderTest under) => ((IFleetAnalysisStore)under.Store).AlertState;
}
