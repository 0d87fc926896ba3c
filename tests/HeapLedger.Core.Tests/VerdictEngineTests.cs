using HeapLedger.Core.Tests.Support;
using HeapLedger.Core.Verdicts;

namespace HeapLedger.Core.Tests;

/// <summary>Each pattern is run through the real ledger; the background work keeps the event axis busy.</summary>
public sealed class VerdictEngineTests
{
    [Fact]
    public void AListThatGrowsEveryIterationIsALeak()
    {
        var report = Run(20_000, (p, i, _) =>
        {
            if (i % 7 == 0)
            {
                p.Allocate("grow", 48);
            }
        });
        var site = report.Sites.Single(s => s.Function == "grow");
        Assert.Equal(Verdict.Leak, site.Verdict);
        Assert.True(site.Confidence > 0.95, $"confidence {site.Confidence}");
        Assert.Equal(0, site.OnsetAllocations ?? -1, 1.0 * 20_000 / 8);
    }

    [Fact]
    public void ACacheThatPlateausIsNotALeak()
    {
        var cache = new Queue<ulong>();
        var report = Run(30_000, (p, i, random) =>
        {
            if (random.Next(3) == 0)
            {
                cache.Enqueue(p.Allocate("cache", 64));
                if (cache.Count > 200)
                {
                    p.Free(cache.Dequeue());
                }
            }
        });
        Assert.Equal(Verdict.Bounded, SyntheticProgram.VerdictOf(report, "cache"));
    }

    [Theory]
    [InlineData(997)]
    [InlineData(9_000)]
    [InlineData(11_000)]
    public void AQueueFlushedInBatchesIsBoundedWhateverItsPeriod(int batch)
    {
        var queue = new List<ulong>();
        var report = Run(30_000, (p, i, _) =>
        {
            queue.Add(p.Allocate("queue", 32));
            if (queue.Count == batch)
            {
                queue.ForEach(p.Free);
                queue.Clear();
            }
        });
        Assert.Equal(Verdict.Bounded, SyntheticProgram.VerdictOf(report, "queue"));
    }

    [Fact]
    public void AStartupTableIsRetained()
    {
        var report = Run(20_000, (p, i, _) =>
        {
            if (i < 50)
            {
                p.Allocate("config", 100);
            }
        });
        Assert.Equal(Verdict.Retained, SyntheticProgram.VerdictOf(report, "config"));
    }

    [Fact]
    public void ASingleStepUpInTheMiddleIsNotALeak()
    {
        var report = Run(20_000, (p, i, _) =>
        {
            if (i is >= 12_000 and < 12_040)
            {
                p.Allocate("feature", 4096);
            }
        });
        Assert.NotEqual(Verdict.Leak, SyntheticProgram.VerdictOf(report, "feature"));
    }

    [Fact]
    public void AScratchBufferIsTemporary()
    {
        var report = Run(20_000, (p, i, _) => p.Free(p.Allocate("scratch", 256)));
        Assert.Equal(Verdict.Temporary, SyntheticProgram.VerdictOf(report, "scratch"));
    }

    [Theory]
    [InlineData(0.70)]
    [InlineData(0.80)]
    public void ALeakThatStartsLateIsFoundAndDated(double onset)
    {
        const int iterations = 30_000;
        var report = Run(iterations, (p, i, _) =>
        {
            var a = p.Allocate("session", 64);
            if (i < onset * iterations || i % 3 != 0)
            {
                p.Free(a);
            }
        });
        var site = report.Sites.Single(s => s.Function == "session");
        Assert.Equal(Verdict.Leak, site.Verdict);
        var total = report.Summary.Allocations;
        Assert.InRange(site.OnsetAllocations!.Value / (double)total, onset - 0.1, onset + 0.05);
    }

    [Fact]
    public void ALeakOnARarePathIsFound()
    {
        var report = Run(40_000, (p, i, _) =>
        {
            var frame = p.Allocate("frame", 120);
            if (i % 500 != 499)
            {
                p.Free(frame);
            }
        });
        Assert.Equal(Verdict.Leak, SyntheticProgram.VerdictOf(report, "frame"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public void LiveMemoryThatOnlyFluctuatesIsNeverALeak(int seed)
    {
        // Objects with random lifetimes (each dies with the same chance every iteration): a
        // stationary population of about a hundred, with noise at every scale.
        var live = new List<ulong>();
        var report = Run(40_000, (p, i, random) =>
        {
            if (random.NextDouble() < 0.5)
            {
                live.Add(p.Allocate("pool", 16 + random.Next(200)));
            }

            if (live.Count > 0 && random.NextDouble() < live.Count / 200.0)
            {
                var k = random.Next(live.Count);
                p.Free(live[k]);
                live[k] = live[^1];
                live.RemoveAt(live.Count - 1);
            }
        }, seed);
        Assert.NotEqual(Verdict.Leak, SyntheticProgram.VerdictOf(report, "pool"));
    }

    [Fact]
    public void TimestampsGiveARatePerHour()
    {
        var report = Run(10_000, (p, i, _) =>
        {
            p.Tick(i); // one iteration per millisecond
            if (i % 10 == 0)
            {
                p.Allocate("grow", 100);
            }
        });
        var site = report.Sites.Single(s => s.Function == "grow");
        Assert.Equal(Verdict.Leak, site.Verdict);

        // 100 bytes every 10 ms is 36,000,000 bytes per hour.
        Assert.InRange(site.GrowthBytesPerHour!.Value, 0.9 * 36e6, 1.1 * 36e6);
    }

    private static Core.Reports.AnalysisReport Run(int iterations, Action<SyntheticProgram, int, Random> body, int seed = 42)
    {
        var program = new SyntheticProgram();
        var random = new Random(seed);
        for (var i = 0; i < iterations; i++)
        {
            // Background temporaries, as any real program has, so the event axis is not the site's own.
            program.Free(program.Allocate("background", 32));
            body(program, i, random);
        }

        return program.Report();
    }
}
