using HeapLedger.Detection.Evaluation;

namespace HeapLedger.Detection.Tests.Evaluation.Support;

/// <summary>Tiny hand-made devices: hourly heartbeats with exact times, and their truth.</summary>
internal static class HandMade
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const long Heap = 65536;

    public static DateTimeOffset At(double hours) => Start + TimeSpan.FromHours(hours);

    /// <summary>A device with a heartbeat at every whole hour in [0, hours); free heap from <paramref name="free"/>.</summary>
    public static LabelledSeries Device(string name, int hours, bool leaking, double? onsetHour = null, double? exhaustionHour = null, Func<int, long>? free = null, int windowHours = 240)
    {
        var points = Enumerable.Range(0, hours)
            .Select(h => new HeapPoint(At(h), h * 3600.0, free?.Invoke(h) ?? 50_000, null, null, Heap))
            .ToList();
        var truth = new DeviceTruth(
            name,
            leaking,
            leaking ? LeakKind.Steady : LeakKind.None,
            leaking ? At(onsetHour ?? 0) : null,
            exhaustionHour is { } e ? At(e) : null,
            Start,
            At(windowHours),
            0);
        return new LabelledSeries(new DeviceSeries(name, points, new Dictionary<string, string>()), truth);
    }
}
