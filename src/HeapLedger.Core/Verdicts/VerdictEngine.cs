using HeapLedger.Core.Statistics;

namespace HeapLedger.Core.Verdicts;

/// <summary>
/// Decides a site's verdict from its floor and peak series (docs/verdicts.md explains each step).
/// A leak is a floor that keeps rising: a significant upward trend in window floors over a
/// segment that runs to the end of the trace, still significant in the segment's second half,
/// rising in most of its quarters, by more than a few allocations' worth, and, when the segment
/// starts late, above anything the site held before it.
/// </summary>
public static class VerdictEngine
{
    private const double MillisecondsPerHour = 3_600_000;

    public static SiteJudgement Judge(SiteEvidence evidence, VerdictThresholds? thresholds = null)
    {
        var t = thresholds ?? VerdictThresholds.Default;
        var leak = FindLeak(evidence, t);
        if (leak.IsLeak)
        {
            return new SiteJudgement(Verdict.Leak, leak.Score, leak.OnsetAllocations, leak.PerThousand, leak.PerHour);
        }

        var (tailPerThousand, tailPerHour) = TailGrowth(evidence);
        var verdict = Classify(evidence, t);
        return new SiteJudgement(verdict, Math.Round(1 - leak.Score, 3), null, tailPerThousand, tailPerHour);
    }

    private static Verdict Classify(SiteEvidence e, VerdictThresholds t)
    {
        var run = Math.Max(1, e.TotalAllocations);
        if (e.LiveBytes > 0)
        {
            var activeShare = (e.LastEvent - e.FirstEvent) / (double)run;
            return activeShare <= t.RetainedActivityShare ? Verdict.Retained : Verdict.Bounded;
        }

        var meanLifetime = e.Allocations > 0 ? e.LiveCountIntegral / e.Allocations : 0;
        if (meanLifetime / run <= t.TemporaryLifetimeShare && e.PeakLiveCount <= t.TemporaryPeakLiveCount)
        {
            return Verdict.Temporary;
        }

        return e.PeakLiveCount > t.TemporaryPeakLiveCount ? Verdict.Bounded : Verdict.Ok;
    }

    private static LeakEvidence FindLeak(SiteEvidence e, VerdictThresholds t)
    {
        var n = e.Floors.Length;
        var best = LeakEvidence.None;
        if (n < 8 || e.Allocations == 0 || e.Observations < t.MinimumObservations)
        {
            return best;
        }

        var meanSize = e.AllocatedBytes / (double)e.Allocations;
        for (var step = 0; step < t.OnsetSteps; step++)
        {
            var start = (int)((long)n * step / t.OnsetSteps);
            if (start > n * t.LatestOnset || n - start < 8)
            {
                break;
            }

            // A late segment of a snapshot stream holds only a share of its few observations:
            // too few, and the trend test would be judging noise.
            if ((double)e.Observations * (n - start) / n < t.MinimumObservations)
            {
                break;
            }

            var candidate = TrySegment(e, t, start, meanSize);
            if (best.IsLeak && !candidate.IsLeak)
            {
                // The earliest passing onset names the start; later passing ones can only
                // sharpen the confidence (a segment that starts on the flat part scores lower).
                break;
            }

            if (candidate.IsLeak && best.IsLeak)
            {
                best = best with { Score = Math.Max(best.Score, candidate.Score) };
            }
            else if (candidate.IsLeak || candidate.Score > best.Score)
            {
                best = candidate;
            }
        }

        return best;
    }

    private static LeakEvidence TrySegment(SiteEvidence e, VerdictThresholds t, int start, double meanSize)
    {
        var length = e.Floors.Length - start;

        // A window's floor is the lowest of what was observed in it: with snapshots rather than
        // events, a window needs at least two of them to have a floor worth the name.
        var observations = (double)e.Observations * length / e.Floors.Length;
        var windows = (int)Math.Min(Math.Min(t.Windows, length), Math.Max(8, observations / 2));
        var floors = new long[windows];
        var firstSpan = new int[windows];
        for (var w = 0; w < windows; w++)
        {
            var from = start + (int)((long)w * length / windows);
            var to = start + (int)((long)(w + 1) * length / windows);
            firstSpan[w] = from;
            floors[w] = Min(e.Floors.AsSpan(from, to - from));
        }

        var zAll = MannKendall.Z(floors, correctForAutocorrelation: true);
        var zTail = MannKendall.Z(floors.AsSpan(windows / 2), correctForAutocorrelation: true);

        // The suffix minimum is the floor the site never again goes below: a leak raises it
        // quarter after quarter, a cache raises it once, a sawtooth only in its last tooth.
        var suffixMin = new long[windows];
        var running = long.MaxValue;
        for (var w = windows - 1; w >= 0; w--)
        {
            running = Math.Min(running, floors[w]);
            suffixMin[w] = running;
        }

        var rising = 0;
        var lastQuarterRises = false;
        for (var q = 0; q < 4; q++)
        {
            var a = q * windows / 4;
            var b = ((q + 1) * windows / 4) - 1;
            if (b > a && suffixMin[b] > suffixMin[a])
            {
                rising++;
                lastQuarterRises |= q == 3;
            }
        }

        var score = (1 - MannKendall.UpperTailP(zAll)) * (1 - MannKendall.UpperTailP(zTail)) * (rising / 4.0);
        var rise = floors[^1] - suffixMin[0];
        var isLeak = zAll >= t.SegmentZ
            && zTail >= t.TailZ
            && rising >= t.RisingQuarters
            && lastQuarterRises
            && rise >= t.MinimumRiseInAllocations * meanSize
            && rise >= t.RiseOverFallBack * LargestFallBack(floors)
            && !Saturates(suffixMin, t);

        if (isLeak && start > 0)
        {
            // A late start must reach new ground: a sawtooth's last tooth climbs too, but its
            // floor gets no higher than the floors of the teeth before it. Floors are compared
            // over windows of the segment's own width, so bursts shorter than that do not count.
            var width = Math.Max(1, length / windows);
            var priorFloor = 0L;
            for (var from = 0; from < start; from += width)
            {
                var min = long.MaxValue;
                for (var i = from; i < Math.Min(start, from + width); i++)
                {
                    min = Math.Min(min, e.Floors[i]);
                }

                priorFloor = Math.Max(priorFloor, min);
            }

            isLeak = floors[^1] > priorFloor;
        }

        if (!isLeak)
        {
            return new LeakEvidence(false, Math.Round(score, 3), null, 0, null);
        }

        // The onset: the last window still at the segment's lowest floor.
        var onsetWindow = 0;
        for (var w = 0; w < windows; w++)
        {
            if (floors[w] == suffixMin[0])
            {
                onsetWindow = w;
            }
        }

        var onsetSpan = firstSpan[onsetWindow];
        var onset = onsetSpan > 0 ? e.SpanEndAllocations[onsetSpan - 1] : 0;
        var (perThousand, perHour) = Growth(e, floors.AsSpan(onsetWindow), firstSpan.AsSpan(onsetWindow));
        return new LeakEvidence(true, Math.Round(score, 3), onset, perThousand, perHour);
    }

    /// <summary>The most the window floor ever fell below an earlier window floor in the segment.</summary>
    private static long LargestFallBack(long[] floors)
    {
        long highest = long.MinValue;
        long largest = 0;
        foreach (var floor in floors)
        {
            highest = Math.Max(highest, floor);
            largest = Math.Max(largest, highest - floor);
        }

        return largest;
    }

    /// <summary>
    /// True when the never-again-lower floor climbs in the first half of the segment and all
    /// but stops in the second: a population filling up to its working size (a cache, a pool)
    /// rather than a leak, whose pace does not die away. Net rises, not robust slopes: the
    /// fill is exactly the part a robust slope would discard.
    /// </summary>
    private static bool Saturates(long[] suffixMin, VerdictThresholds t)
    {
        var half = suffixMin.Length / 2;
        var first = suffixMin[half] - suffixMin[0];
        var second = suffixMin[^1] - suffixMin[half];
        return first > 0 && second < t.SustainedSlopeShare * first;
    }

    /// <summary>Growth over the second half of the run, for sites that are not leaking.</summary>
    private static (double PerThousand, double? PerHour) TailGrowth(SiteEvidence e)
    {
        var n = e.Floors.Length;
        if (n < 4)
        {
            return (0, e.SpanEndMilliseconds is null ? null : 0);
        }

        var start = n / 2;
        var windows = Math.Min(16, n - start);
        var floors = new long[windows];
        var firstSpan = new int[windows];
        for (var w = 0; w < windows; w++)
        {
            var from = start + (w * (n - start) / windows);
            var to = start + ((w + 1) * (n - start) / windows);
            firstSpan[w] = from;
            floors[w] = Min(e.Floors.AsSpan(from, to - from));
        }

        return Growth(e, floors, firstSpan);
    }

    private static long Min(ReadOnlySpan<long> values)
    {
        var min = long.MaxValue;
        foreach (var value in values)
        {
            min = Math.Min(min, value);
        }

        return min;
    }

    private static (double PerThousand, double? PerHour) Growth(SiteEvidence e, ReadOnlySpan<long> floors, ReadOnlySpan<int> firstSpan)
    {
        var y = new double[floors.Length];
        var xAlloc = new double[floors.Length];
        var xTime = new double[floors.Length];
        for (var w = 0; w < floors.Length; w++)
        {
            y[w] = floors[w];
            var s = firstSpan[w];
            xAlloc[w] = s > 0 ? e.SpanEndAllocations[s - 1] : 0;
            xTime[w] = e.SpanEndMilliseconds is null ? 0 : s > 0 ? e.SpanEndMilliseconds[s - 1] : 0;
        }

        var perThousand = Math.Round(TheilSen.Slope(xAlloc, y) * 1000, 3);
        double? perHour = null;
        if (e.SpanEndMilliseconds is not null && xTime[^1] > xTime[0])
        {
            perHour = Math.Round(TheilSen.Slope(xTime, y) * MillisecondsPerHour, 1);
        }

        return (perThousand, perHour);
    }

    private readonly record struct LeakEvidence(bool IsLeak, double Score, long? OnsetAllocations, double PerThousand, double? PerHour)
    {
        public static LeakEvidence None => new(false, 0, null, 0, null);
    }
}
