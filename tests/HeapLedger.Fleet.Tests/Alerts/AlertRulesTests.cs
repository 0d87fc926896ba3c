using HeapLedger.Core;
using HeapLedger.Fleet.Alerts;

namespace HeapLedger.Fleet.Tests.Alerts;

public sealed class AlertRulesTests
{
    [Fact]
    public void AHorizonRuleAndAnyLeakRuleAreRead()
    {
        var rules = AlertRules.Parse(
            """
            [
              { "name": "exhaustion-14d", "webhook": "https://ops.example/hooks/heap", "withinDays": 14 },
              { "name": "any-leak", "webhook": "http://127.0.0.1:8080/leak", "verdict": "leaking" }
            ]
            """,
            "alerts.json");

        Assert.Equal(
            [new AlertRule("exhaustion-14d", new Uri("https://ops.example/hooks/heap"), 14), new AlertRule("any-leak", new Uri("http://127.0.0.1:8080/leak"))],
            rules);
    }

    [Theory]
    [InlineData("{}", "alert rules (alerts.json): expected an array of rules, found Object")]
    [InlineData("[{\"name\": \"a\", \"webhook\": \"ftp://x/y\", \"withinDays\": 1}]", "alert rules (alerts.json): rule 1: \"webhook\" must be an absolute http or https address, not \"ftp://x/y\"")]
    [InlineData("[{\"name\": \"a\", \"webhook\": \"http://x/\", \"withinDays\": -3}]", "alert rules (alerts.json): rule 1: \"withinDays\" must be a number of days above 0 and at most 3650, not -3")]
    [InlineData("[{\"name\": \"a\", \"webhook\": \"http://x/\"}]", "alert rules (alerts.json): rule 1 (\"a\"): give either \"withinDays\" or \"verdict\": \"leaking\"")]
    [InlineData("[{\"name\": \"a\", \"webhook\": \"http://x/\", \"verdict\": \"healthy\"}]", "alert rules (alerts.json): rule 1: \"verdict\" can only be \"leaking\", not \"healthy\"")]
    [InlineData("[{\"name\": \"a\", \"webhook\": \"http://x/\", \"verdict\": \"leaking\", \"within\": 3}]", "alert rules (alerts.json): rule 1: unknown field \"within\" (known: name, webhook, withinDays, verdict)")]
    [InlineData("[{\"webhook\": \"http://x/\", \"verdict\": \"leaking\"}]", "alert rules (alerts.json): rule 1: \"name\" is missing")]
    [InlineData("[{\"name\": \"a\", \"webhook\": \"http://x/\", \"verdict\": \"leaking\"}, {\"name\": \"a\", \"webhook\": \"http://y/\", \"verdict\": \"leaking\"}]", "alert rules (alerts.json): rule 2: the name \"a\" is used twice")]
    public void AMistakeNamesTheRuleAndTheField(string json, string message)
    {
        var error = Assert.Throws<HeapLedgerException>(() => AlertRules.Parse(json, "alerts.json"));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void TextThatIsNotJsonNamesTheLine()
    {
        var error = Assert.Throws<HeapLedgerException>(() => AlertRules.Parse("[\n{\"name\": ", "alerts.json"));
        Assert.StartsWith("alert rules (alerts.json): not JSON at line 2", error.Message, StringComparison.Ordinal);
    }
}
