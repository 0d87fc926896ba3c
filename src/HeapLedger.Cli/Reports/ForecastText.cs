using System.Globalization;
using HeapLedger.Core.Reports;
using HeapLedger.Detection.Detector;

namespace HeapLedger.Cli.Reports;

/// <summary>The exhaustion forecast in words, one line, for the text report and the HTML summary.</summary>
internal static class ForecastText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The forecast, or why there is none; null when the report was not asked for one (watch on an mtrace log).</summary>
    public static string? Line(AnalysisReport report) =>
        report.Forecast is { } forecast ? Describe(forecast)
        : report.NoForecastReason is { } reason ? $"no exhaustion forecast: {reason}"
        : null;

    /// <summary>What the summary's one cell says: when the heap runs out, in a word or two.</summary>
    public static string Short(ExhaustionForecast? forecast) => forecast switch
    {
        null => "no forecast",
        { Verdict: ForecastVerdict.Leaking, ExhaustionInHours: { } hours } => hours > 0 ? $"in {Span(hours)}" : "ran out",
        { Verdict: ForecastVerdict.Healthy } => "not in sight",
        _ => "not enough data",
    };

    private static string Describe(ExhaustionForecast f)
    {
        var from = f.Source == ForecastSource.HeapSamples
            ? $"{f.Points.ToString("N0", Invariant)} heap samples"
            : $"{f.Points.ToString("N0", Invariant)} live-bytes points against a {ByteSize.Format(f.HeapSizeBytes)} heap";
        switch (f.Verdict)
        {
            case ForecastVerdict.Leaking:
                var what = f.Limit == "largest-block" ? "the largest free block" : "free heap";
                var when = f.ExhaustionInHours is { } hours && hours > 0 ? $"runs out in {Span(hours)}{Interval(f)} after the end of the trace" : "ran out before the end of the trace";
                var since = f.OnsetHours is { } onset && onset > 0 ? $" since {Span(onset)} into the trace" : string.Empty;
                return $"exhaustion forecast: leaking, {what} {when}; used heap {Rate(f.BytesPerHour)}{since} ({from})";
            case ForecastVerdict.Healthy:
                return $"exhaustion forecast: healthy, used heap {Rate(f.BytesPerHour)}, no exhaustion in sight ({from})";
            default:
                var needs = DetectorOptions.Default;
                return string.Create(Invariant,
                    $"exhaustion forecast: not enough data in {from} over {Span(f.SpanHours)} (after warm-up the leak detector needs {needs.MinWindows} windows of {needs.MinimumWindow.TotalHours:0.#} hours and {needs.SamplesPerWindow} points or more, and {needs.MinSpan.TotalDays:0.#} days; docs/detection.md)");
        }
    }

    private static string Interval(ExhaustionForecast f) => (f.ExhaustionInHoursLow, f.ExhaustionInHoursHigh) switch
    {
        ({ } low, { } high) when low >= 24 => $" ({(low / 24).ToString("0.#", Invariant)} to {Span(high)})",
        ({ } low, { } high) => $" ({Span(low)} to {Span(high)})",
        ({ } low, null) => $" ({Span(low)} at the earliest)",
        _ => string.Empty,
    };

    /// <summary>"12 min 5 s" under an hour, "5.3 hours" under a day, "3.8 days" from then on.</summary>
    private static string Span(double hours) =>
        hours < 1 ? HtmlText.Duration(hours * 3600)
        : hours < 24 ? Count(hours, "hour")
        : Count(hours / 24, "day");

    private static string Count(double value, string unit)
    {
        var text = value.ToString("0.#", Invariant);
        return text == "1" ? $"1 {unit}" : $"{text} {unit}s";
    }

    private static string Rate(double? bytesPerHour) => bytesPerHour is { } rate
        ? $"{(rate > 0 ? "+" : string.Empty)}{ByteSize.Format(rate)}/hour"
        : "?";
}
