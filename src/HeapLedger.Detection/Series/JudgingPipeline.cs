using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace HeapLedger.Detection.Series;

/// <summary>
/// Judges devices on worker threads while the caller reads the next ones. A bounded queue holds
/// a few devices, so a reader faster than the judges waits instead of filling memory; the results
/// come back in the order the devices were posted. A judgement that throws stops the reader at
/// its next <see cref="Post"/> (or at <see cref="Complete"/>) with that exception; disposing
/// without completing abandons the devices in flight.
/// </summary>
internal sealed class JudgingPipeline<T> : IDisposable
{
    private readonly BlockingCollection<(int Index, DeviceSeries Series)> queue;
    private readonly CancellationTokenSource stop = new();
    private readonly Task<List<(int Index, T Result)>>[] workers;
    private ExceptionDispatchInfo? failure;
    private int posted;
    private bool completed;

    /// <param name="judges">
    /// Worker threads; by default one per core. The reader's thread makes one more, which costs
    /// little: it waits whenever the queue is full, and the judges then have the cores.
    /// </param>
    public JudgingPipeline(Func<DeviceSeries, T> judge, int judges = 0)
    {
        judges = judges > 0 ? judges : Environment.ProcessorCount;
        queue = new(boundedCapacity: judges);
        workers = new Task<List<(int, T)>>[judges];
        for (var i = 0; i < judges; i++)
        {
            workers[i] = Task.Factory.StartNew(() => Work(judge), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    public void Post(DeviceSeries series)
    {
        try
        {
            queue.Add((posted, series), stop.Token);
            posted++;
        }
        catch (OperationCanceledException) when (failure is not null)
        {
            failure.Throw();
        }
    }

    /// <summary>Waits for the devices in flight and returns every result, in the order posted.</summary>
    public List<T> Complete()
    {
        completed = true;
        queue.CompleteAdding();
        Task.WaitAll(workers);
        failure?.Throw();
        var results = new T[posted];
        foreach (var worker in workers)
        {
            foreach (var (index, result) in worker.Result)
            {
                results[index] = result;
            }
        }

        return [.. results];
    }

    public void Dispose()
    {
        if (!completed)
        {
            stop.Cancel();
            queue.CompleteAdding();
            Task.WaitAll(workers);
        }

        queue.Dispose();
        stop.Dispose();
    }

    private List<(int, T)> Work(Func<DeviceSeries, T> judge)
    {
        var done = new List<(int, T)>();
        try
        {
            foreach (var (index, series) in queue.GetConsumingEnumerable(stop.Token))
            {
                done.Add((index, judge(series)));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Abandoned, or another worker failed: that one reports.
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            stop.Cancel();
        }

        return done;
    }
}
