using System.Text;
using System.Text.Json;
using HeapLedger.Detection.Evaluation;

namespace HeapLedger.Detection.Tests.Evaluation;

public sealed class EvaluationReportTests
{
    private static readonly EvaluationResult Result = new(
        "hand-made",
        10,
        [
            new DetectorScore("threshold-10%", 1, 0.5, 0.25, 0, 0.1, 1.25, double.NaN, 2, 0, 8, 4, 2, 0, 0, 200),
            new DetectorScore("least-squares", 0.5, 1, 0.75, 10, 0.7, 9.5, 0.3, 6, 6, 8, 4, 4, 4, 2, 200),
        ],
        TimeSpan.FromHours(6),
        TimeSpan.FromSeconds(1.5));

    [Fact]
    public void TheTextReportIsATableOfDetectorsAgainstTheTargets()
    {
        var text = new StringWriter { NewLine = "\n" };
        EvaluationReport.WriteText(Result, text);

        Assert.Equal(
            """
            hand-made
              10 devices, 8 leaking (4 exhaust within the window), 200 healthy device-days, judged every 6 h in 1.5 s

            detector        precision  recall(exh)  recall(all)  false/1000dd  lead share  lead days  forecast err
            threshold-10%        1.00         0.50         0.25          0.00        0.10        1.3           n/a
            least-squares        0.50         1.00         0.75         10.00        0.70        9.5          0.30
            target                          >=0.95                     <=1.00      >=0.60                   <=0.20

              threshold-10%: 2/8 leaks alerted (2/4 that exhaust), 0 healthy devices alerted, 0 false alerts, 0 forecasts graded
              least-squares: 6/8 leaks alerted (4/4 that exhaust), 6 healthy devices alerted, 2 false alerts, 4 forecasts graded

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            text.ToString());
    }

    [Fact]
    public void TheJsonReportHasAVersionAndNullForAFigureThatCannotBeComputed()
    {
        using var buffer = new MemoryStream();
        EvaluationReport.WriteJson([Result], buffer);
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray()));

        Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
        var threshold = json.RootElement.GetProperty("runs")[0].GetProperty("detectors")[0];
        Assert.Equal("threshold-10%", threshold.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, threshold.GetProperty("medianForecastError").ValueKind);
        Assert.Equal(0.5, threshold.GetProperty("recallExhausting").GetDouble());
        Assert.Equal(0.95, json.RootElement.GetProperty("targets").GetProperty("recallExhausting").GetDouble());
    }
}
