using System.Diagnostics;

namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// Replays every device's heartbeats to every detector the way a fleet service would receive them:
/// every <see cref="EvaluatorOptions.JudgeEvery"/> of simulated time, the detector is handed only
/// the heartbeats received so far, and the harness records the first true alert, the forecast made
/// then, and the false alerts. Devices are judged in parallel, generated (or read) one at a time
/// per worker, so memory holds a few devices' series, not the fleet's.
/// </summary>
public sealed class DetectionEvaluator
{
    private readonly IReadOnlyList<IDeviceDetector> _detectors;
    private readonly EvaluatorOptions _options;

    public DetectionEvaluator(IReadOnlyList<IDeviceDetector> detectors, EvaluatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detectors);
        if (detectors.Count == 0)
        {
            throw new ArgumentException("at least one detector is needed", nameof(detectors));
        }

        _detectors = detectors;
        _options = options ?? EvaluatorOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.JudgeEvery, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDegreeOfParallelism, 1);
    }

    public EvaluationResult Evaluate(FleetGenerator fleet, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var o = fleet.Options;
        var source = $"synthetic fleet: {o.Devices} devices x {o.Days} days, {o.LeakingShare:0.###} leaking, seed {o.Seed}";
        return Run(source, fleet.Count, fleet.GenerateDevice, cancel);
    }

    public EvaluationResult Evaluate(string source, IReadOnlyList<LabelledSeries> devices, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(devices);
        return Run(source, devices.Count, i => devices[i], cancel);
    }

    /// <summary>One device, every detector: one outcome per detector, in the detectors' order.</summary>
    public DeviceOutcome[] EvaluateDevice(LabelledSeries device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var points = Received(device);
        var outcomes = new DeviceOutcome[_detectors.Count];
        for (var d = 0; d < _detectors.Count; d++)
        {
            outcomes[d] = Replay(_detectors[d], device, points);
        }

        return outcomes;
    }

    private EvaluationResult Run(string source, int count, Func<int, LabelledSeries> device, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = new DeviceOutcome[count][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancel };
        Parallel.For(0, count, parallel, i => outcomes[i] = EvaluateDevice(device(i)));
        var scores = new DetectorScore[_detectors.Count];
        for (var d = 0; d < _detectors.Count; d++)
        {
            scores[d] = DetectorScore.From(_detectors[d].Name, outcomes.Select(o => o[d]));
        }

        return new EvaluationResult(source, count, scores, _options.JudgeEvery, clock.Elapsed);
    }

    /// <summary>
    /// The heartbeats a server would have: in time order, and none from the moment the device was
    /// exhausted (a recorded series may carry samples past the failure that the field would not).
    /// </summary>
    private static HeapPoint[] Received(LabelledSeries device)
    {
        var points = device.Series.Points.Where(p => device.Truth.Exhaustion is not { } end || p.Time < end).ToArray();
        for (var i = 1; i < points.Length; i++)
        {
            if (points[i].Time < points[i - 1].Time)
            {
                Array.Sort(points, (a, b) => a.Time.CompareTo(b.Time));
                break;
            }
        }

        return points;
    }

    private DeviceOutcome Replay(IDeviceDetector detector, LabelledSeries device, HeapPoint[] points)
    {
        var truth = device.Truth;
        if (points.Length == 0)
        {
            return new DeviceOutcome(truth, detector.Name, null, null, 0, 0, 0);
        }

        var first = points[0].Time;
        var last = points[^1].Time;
        var healthyUntil = truth.Leaking && truth.Onset is { } onset ? Min(onset, last) : last;
        var healthyHours = Math.Max(0, (healthyUntil - first).TotalHours);

        int received = 0, judged = 0, falseAlerts = 0;
        var alerting = false;
        DeviceForecast? verdict = null;
        for (var at = first + _options.JudgeEvery; at <= last; at += _options.JudgeEvery)
        {
            var before = received;
            while (received < points.Length && points[received].Time <= at)
            {
                received++;
            }

            // A detector depends only on the points it is given: with none new, its answer stands.
            if (verdict is null || received != before)
            {
                verdict = detector.Judge(new DeviceSeries(device.Series.Device, new PointPrefix(points, received), device.Series.Attributes));
                judged++;
            }

            var leakingNow = truth.Leaking && truth.Onset is { } start && at >= start;
            var saysLeaking = verdict.Verdict == DeviceVerdict.Leaking;
            if (saysLeaking && leakingNow)
            {
                return new DeviceOutcome(truth, detector.Name, at, verdict.ExhaustionAt, falseAlerts, healthyHours, judged);
            }

            if (saysLeaking && !alerting)
            {
                falseAlerts++;
            }

            alerting = saysLeaking;
        }

        return new DeviceOutcome(truth, detector.Name, null, null, falseAlerts, healthyHours, judged);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
