using System.Globalization;
using System.Text.Json;

namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// The harness's output: a plain text table, one row per detector and a row of targets, or JSON
/// (schema version 1: <c>{"schemaVersion", "runs": [{"source", "devices", "elapsedSeconds",
/// "detectors": [...]}], "targets"}</c>; figures that cannot be computed are null).
/// </summary>
public static class EvaluationReport
{
    public const int SchemaVersion = 1;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void WriteText(EvaluationResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var any = result.Scores[0];
        output.WriteLine(result.Source);
        output.WriteLine(string.Create(Invariant,
            $"  {result.Devices} devices, {any.Leaking} leaking ({any.LeakingExhausting} exhaust within the window), {any.HealthyDeviceDays:N0} healthy device-days, judged every {result.JudgeEvery.TotalHours:0.##} h in {result.Elapsed.TotalSeconds:0.0} s"));
        output.WriteLine();
        var width = Math.Max(14, result.Scores.Max(s => s.Detector.Length));
        output.WriteLine($"{"detector".PadRight(width)}  precision  recall(exh)  recall(all)  false/1000dd  lead share  lead days  forecast err");
        foreach (var s in result.Scores)
        {
            output.WriteLine(
                $"{s.Detector.PadRight(width)}  {F(s.Precision),9}  {F(s.RecallExhausting),11}  {F(s.RecallAll),11}  {F(s.FalseAlertsPer1000DeviceDays),12}  {F(s.MedianLeadShare),10}  {F(s.MedianLeadDays, "0.0"),9}  {F(s.MedianForecastError),12}");
        }

        output.WriteLine(string.Create(Invariant,
            $"{"target".PadRight(width)}  {"",9}  {">=" + F(EvaluationTargets.RecallExhausting),11}  {"",11}  {"<=" + F(EvaluationTargets.FalseAlertsPer1000DeviceDays),12}  {">=" + F(EvaluationTargets.MedianLeadShare),10}  {"",9}  {"<=" + F(EvaluationTargets.MedianForecastError),12}"));
        output.WriteLine();
        foreach (var s in result.Scores)
        {
            output.WriteLine(string.Create(Invariant,
                $"  {s.Detector}: {s.TruePositives}/{s.Leaking} leaks alerted ({s.AlertedExhausting}/{s.LeakingExhausting} that exhaust), {s.FalsePositiveDevices} healthy devices alerted, {s.FalseAlerts} false alerts, {s.Forecasts} forecasts graded"));
        }
    }

    public static void WriteJson(IReadOnlyList<EvaluationResult> results, Stream output)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(output);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", SchemaVersion);
        json.WriteStartArray("runs");
        foreach (var result in results)
        {
            json.WriteStartObject();
            json.WriteString("source", result.Source);
            json.WriteNumber("devices", result.Devices);
            json.WriteNumber("judgeEveryHours", result.JudgeEvery.TotalHours);
            json.WriteNumber("elapsedSeconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            json.WriteStartArray("detectors");
            foreach (var s in result.Scores)
            {
                json.WriteStartObject();
                json.WriteString("name", s.Detector);
                Number(json, "precision", s.Precision);
                Number(json, "recallExhausting", s.RecallExhausting);
                Number(json, "recallAll", s.RecallAll);
                Number(json, "falseAlertsPer1000DeviceDays", s.FalseAlertsPer1000DeviceDays);
                Number(json, "medianLeadShare", s.MedianLeadShare);
                Number(json, "medianLeadDays", s.MedianLeadDays);
                Number(json, "medianForecastError", s.MedianForecastError);
                json.WriteNumber("truePositives", s.TruePositives);
                json.WriteNumber("falsePositiveDevices", s.FalsePositiveDevices);
                json.WriteNumber("leaking", s.Leaking);
                json.WriteNumber("leakingExhausting", s.LeakingExhausting);
                json.WriteNumber("alertedExhausting", s.AlertedExhausting);
                json.WriteNumber("forecasts", s.Forecasts);
                json.WriteNumber("falseAlerts", s.FalseAlerts);
                Number(json, "healthyDeviceDays", s.HealthyDeviceDays);
                json.WriteBoolean("targetsMet", EvaluationTargets.Met(s));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("targets");
        json.WriteNumber("recallExhausting", EvaluationTargets.RecallExhausting);
        json.WriteNumber("falseAlertsPer1000DeviceDays", EvaluationTargets.FalseAlertsPer1000DeviceDays);
        json.WriteNumber("medianLeadShare", EvaluationTargets.MedianLeadShare);
        json.WriteNumber("medianForecastError", EvaluationTargets.MedianForecastError);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string F(double value, string format = "0.00") =>
        double.IsNaN(value) || double.IsInfinity(value) ? "n/a" : value.ToString(format, Invariant);

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, Math.Round(value, 4));
        }
    }
}
