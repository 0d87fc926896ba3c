using System.Threading.Channels;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Fleet.Ingest;

/// <summary>
/// Group commit: heartbeats of requests that arrive while a commit is on its way to disk wait,
/// and go together in the next transaction. Each request is still answered only after the
/// transaction holding its heartbeats has committed, but a thousand devices posting at once cost
/// a few disk syncs instead of a thousand. A failed group is retried request by request, so one
/// request that the store refuses cannot fail the others.
/// </summary>
internal sealed class GroupCommitter : IAsyncDisposable
{
    private readonly IFleetStore _store;
    private readonly int _maxHeartbeatsPerCommit;
    private readonly Channel<Pending> _queue;
    private readonly Task[] _loops;

    public GroupCommitter(IFleetStore store, int maxHeartbeatsPerCommit)
    {
        _store = store;
        _maxHeartbeatsPerCommit = maxHeartbeatsPerCommit;
        // One committer per append the store can run at once (SQLite: one writer; PostgreSQL:
        // several transactions commit in parallel), each gathering its own group.
        var committers = Math.Max(1, store.ConcurrentAppends);
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(4096) { SingleReader = committers == 1, FullMode = BoundedChannelFullMode.Wait });
        _loops = [.. Enumerable.Range(0, committers).Select(_ => Task.Run(RunAsync))];
    }

    /// <summary>Per heartbeat, stored now (true) or already stored (false); returns once durable.</summary>
    public async Task<IReadOnlyList<bool>> AppendAsync(IReadOnlyList<Heartbeat> heartbeats, CancellationToken cancel)
    {
        var pending = new Pending(heartbeats);
        await _queue.Writer.WriteAsync(pending, cancel).ConfigureAwait(false);
        // Once queued the heartbeats will be written whatever happens to the request: wait for that.
        return await pending.Done.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var group = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            var count = 0;
            while (count < _maxHeartbeatsPerCommit && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
                count += pending.Heartbeats.Count;
            }

            await CommitAsync(group).ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(List<Pending> group)
    {
        if (group.Count > 1)
        {
            try
            {
                var stored = await _store.AppendAsync([.. group.SelectMany(p => p.Heartbeats)], CancellationToken.None).ConfigureAwait(false);
                var offset = 0;
                foreach (var pending in group)
                {
                    pending.Done.SetResult([.. stored.Skip(offset).Take(pending.Heartbeats.Count)]);
                    offset += pending.Heartbeats.Count;
                }

                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Rolled back: nothing of the group is stored. Each request on its own below.
            }
        }

        foreach (var pending in group)
        {
            try
            {
                pending.Done.SetResult(await _store.AppendAsync(pending.Heartbeats, CancellationToken.None).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                pending.Done.SetException(e);
            }
        }
    }

    private sealed class Pending(IReadOnlyList<Heartbeat> heartbeats)
    {
        public IReadOnlyList<Heartbeat> Heartbeats { get; } = heartbeats;

        public TaskCompletionSource<IReadOnlyList<bool>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
