using System.Globalization;
using HeapLedger.Core.Reports;
using HeapLedger.Detection;
using HeapLedger.Detection.Detector;
using HeapLedger.Formats;
using HeapLedger.Formats.Device;

namespace HeapLedger.Cli.Forecast;

/// <summary>
/// The project's one exhaustion forecast for a trace, as analyze and watch give it: the leak
/// detector (docs/detection.md) over heap points on the trace's own clock, which starts at the
/// Unix epoch as in the forecast verb's device records. The points are the device's heap samples
/// when it sent them, else the trace's live bytes against a heap size the user gives.
/// </summary>
internal static class HeapForecast
{
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    /// <summary>The forecast for an analyzed trace, or why there is none.</summary>
    public static (ExhaustionForecast? Forecast, string? NoForecastReason) Of(AnalyzedTrace trace, long? heapSize, long reserve, TextWriter warnings)
    {
        var detector = new LeakDetector(DetectorOptions.Default with { ReserveBytes = reserve });
        var report = trace.Report;
        if (trace.HeapSamples.Count > 0)
        {
            if (heapSize is { } ignored)
            {
                warnings.WriteLine($"heapledger: warning: --heap-size {ignored} ignored: the device's heap samples give its heap size ({trace.HeapSamples[^1].HeapSize} bytes)");
            }

            return (FromHeapSamples(trace.HeapSamples, detector), null);
        }

        if (report.Timeline.Seconds is null)
        {
            return (null, "the trace has no timestamps");
        }

        if (heapSize is not { } size)
        {
            return (null, report.Device is null
                ? $"pass --heap-size BYTES (a {report.Input.Format} trace does not say how big the heap is)"
                : "the device sent no heap samples (S records); pass --heap-size BYTES");
        }

        if (report.Summary.PeakLiveBytes > size)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"the trace's live bytes peaked at {report.Summary.PeakLiveBytes:N0} bytes, more than --heap-size {size:N0}"));
        }

        return (FromLiveBytes(report.Timeline, size, detector), null);
    }

    /// <summary>From a device's heap samples (free, largest free block, heap size) on its clock.</summary>
    public static ExhaustionForecast FromHeapSamples(IReadOnlyList<HeapSample> samples, LeakDetector detector)
    {
        var points = samples
            .Select(s => new HeapPoint(DateTimeOffset.UnixEpoch.AddMilliseconds(s.Milliseconds), null, s.Free, s.MinimumFree, s.LargestFree, s.HeapSize))
            .ToArray();
        return Judge(points, ForecastSource.HeapSamples, samples.Count > 0 ? samples[^1].HeapSize : 0, detector);
    }

    /// <summary>
    /// From the timeline's live bytes: one point per span, used heap at the span's peak (free =
    /// heap size − peak), the least free the heap can have had, so the forecast errs early. A
    /// heap also loses bytes to allocator overhead and fragmentation that no trace shows.
    /// </summary>
    public static ExhaustionForecast FromLiveBytes(Timeline timeline, long heapSize, LeakDetector detector)
    {
        var seconds = timeline.Seconds ?? throw new ArgumentException("the timeline has no clock", nameof(timeline));
        var points = new HeapPoint[seconds.Count];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new HeapPoint(DateTimeOffset.UnixEpoch.AddSeconds(seconds[i]), null, heapSize - timeline.LiveBytesPeak[i], null, null, heapSize);
        }

        return Judge(points, ForecastSource.LiveBytes, heapSize, detector);
    }

    private static ExhaustionForecast Judge(HeapPoint[] points, ForecastSource source, long heapSize, LeakDetector detector)
    {
        var forecast = detector.Judge(new DeviceSeries("trace", points, NoAttributes));
        var end = points.Length > 0 ? points[^1].Time : DateTimeOffset.UnixEpoch;
        var span = points.Length > 0 ? (end - points[0].Time).TotalHours : 0;

        // A line fitted through the floors can cross the limit before the last point: run out already.
        double? After(DateTimeOffset? time) => time is { } at ? Round(Math.Max(0, (at - end).TotalHours)) : null;
        return new ExhaustionForecast(
            forecast.Verdict switch
            {
                DeviceVerdict.Leaking => ForecastVerdict.Leaking,
                DeviceVerdict.Healthy => ForecastVerdict.Healthy,
                _ => ForecastVerdict.InsufficientData,
            },
            Round(forecast.BytesPerHour),
            Round(forecast.BytesPerHourLow),
            Round(forecast.BytesPerHourHigh),
            forecast.Onset is { } onset ? Round((onset - DateTimeOffset.UnixEpoch).TotalHours) : null,
            After(forecast.ExhaustionAt),
            After(forecast.ExhaustionLow),
            After(forecast.ExhaustionHigh),
            forecast.Points,
            forecast.Limit,
            Math.Round(forecast.Confidence, 6),
            source,
            Math.Round(span, 6), // a short trace's span is seconds: keep them
            heapSize,
            detector.Options.ReserveBytes);
    }

    /// <summary>Three decimals, as the forecast verb writes them; null for what JSON cannot hold.</summary>
    private static double? Round(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 3) : null;
}
