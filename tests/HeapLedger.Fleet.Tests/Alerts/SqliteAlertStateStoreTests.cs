using HeapLedger.Fleet.Alerts;
using HeapLedger.Fleet.Tests.Support;
using HeapLedger.Fleet.Tests.Support.Alerts;
using static HeapLedger.Fleet.Tests.Support.Alerts.Judgements;

namespace HeapLedger.Fleet.Tests.Alerts;

public sealed class SqliteAlertStateStoreTests
{
    [Fact]
    public async Task AFiringAndItsStateSurviveAReopenOfTheFile()
    {
        await using var temp = await TempStore.CreateAsync();
        var queue = new RecordingQueue();
        var evaluator = new AlertEvaluator([AnyLeak, Within14Days], temp.Store.AlertState, queue, AlertOptions.Default, new ListLogger<AlertEvaluator>());
        await evaluator.EvaluateAsync(Leaking("gw-1", 0, daysLeft: 10));
        await evaluator.EvaluateAsync(Healthy("gw-1", 1));
        Assert.Equal(2, queue.Notifications.Count);

        await temp.ReopenAsync();
        var store = temp.Store.AlertState;
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

    [Fact]
    public async Task PendingNotificationsComeBackOldestFirstAndAFixResolvesFromTheStore()
    {
        await using var temp = await TempStore.CreateAsync();
        var queue = new RecordingQueue();
        var evaluator = new AlertEvaluator([AnyLeak], temp.Store.AlertState, queue, AlertOptions.Default, new ListLogger<AlertEvaluator>());
        foreach (var device in new[] { "gw-c", "gw-a", "gw-b" })
        {
            await evaluator.EvaluateAsync(Leaking(device, 0));
        }

        await temp.ReopenAsync();
        evaluator = new AlertEvaluator([AnyLeak], temp.Store.AlertState, queue, AlertOptions.Default, new ListLogger<AlertEvaluator>());
        var fixedOne = Assert.Single(await evaluator.MarkFixedAsync("gw-a", Hour(5)));
        Assert.Equal((AlertTransition.Resolved, AlertReason.Fixed, Hour(0)), (fixedOne.State, fixedOne.Reason, fixedOne.FirstFlaggedAt));
        Assert.Equal(812.5, fixedOne.Snapshot.BytesPerHour);
        Assert.Empty(await evaluator.EvaluateAsync(Leaking("gw-a", 4)));

        var pending = await temp.Store.AlertState.GetPendingAsync();
        Assert.Equal(["gw-c", "gw-a", "gw-b", "gw-a"], pending.Select(n => n.Device));
        Assert.Equal([1L, 1, 1, 2], pending.Select(n => n.Sequence));
    }
}
