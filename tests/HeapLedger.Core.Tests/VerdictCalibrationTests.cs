using HeapLedger.Core.Tests.Support;
using HeapLedger.Core.Verdicts;

namespace HeapLedger.Core.Tests;

/// <summary>
/// The verdict thresholds judged on many seeded programs at once, not on one hand-picked trace:
/// stationary populations of objects with random lifetimes (a working set of 5 to 300 objects)
/// must almost never be called leaks, and the same populations with one allocation in 200
/// never freed must almost always be.
/// </summary>
public sealed class VerdictCalibrationTests
{
    private static readonly int[] Populations = [5, 20, 100, 300];
    private const int Seeds = 20;
    private const int Iterations = 30_000;

    [Fact]
    public void StationaryPopulationsAreAlmostNeverCalledLeaks()
    {
        var falseAlarms = Runs(leakEvery: 0).Count(v => v == Verdict.Leak);
        Assert.True(falseAlarms <= 2, $"{falseAlarms} of {Populations.Length * Seeds} stationary populations called leaks");
    }

    [Fact]
    public void TheSamePopulationsWithASteadyLeakAreAlmostAlwaysFound()
    {
        var found = Runs(leakEvery: 100).Count(v => v == Verdict.Leak);
        Assert.True(found >= 76, $"only {found} of {Populations.Length * Seeds} leaking populations found");
    }

    private static IEnumerable<Verdict> Runs(int leakEvery)
    {
        foreach (var population in Populations)
        {
            for (var seed = 0; seed < Seeds; seed++)
            {
                yield return Run(seed, population, leakEvery);
            }
        }
    }

    /// <summary>
    /// Each iteration allocates with probability 1/2 and every live object dies with probability
    /// 1/(2 x population), so the population settles around <paramref name="population"/>.
    /// </summary>
    private static Verdict Run(int seed, int population, int leakEvery)
    {
        var program = new SyntheticProgram();
        var random = new Random(seed);
        var live = new List<ulong>();
        for (var i = 0; i < Iterations; i++)
        {
            program.Free(program.Allocate("background", 32));
            if (random.NextDouble() < 0.5)
            {
                var address = program.Allocate("pool", 16 + random.Next(200));
                if (leakEvery == 0 || i % leakEvery != 0)
                {
                    live.Add(address);
                }
            }

            if (live.Count > 0 && random.NextDouble() < live.Count / (2.0 * population))
            {
                var k = random.Next(live.Count);
                program.Free(live[k]);
                live[k] = live[^1];
                live.RemoveAt(live.Count - 1);
            }
        }

        return SyntheticProgram.VerdictOf(program.Report(), "pool");
    }
}
