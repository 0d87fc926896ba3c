using System.Globalization;
using System.Text.Json;
using HeapLedger.Core;

namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// Reads alert rules from JSON: an array of
/// <c>{ "name": "exhaustion-14d", "webhook": "https://…", "withinDays": 14 }</c> or
/// <c>{ "name": "any-leak", "webhook": "https://…", "verdict": "leaking" }</c>. Every mistake is
/// a <see cref="HeapLedgerException"/> naming the source, the rule and the field.
/// </summary>
public static class AlertRules
{
    /// <summary>Longest forecast horizon a rule may name: ten years.</summary>
    public const double MaxWithinDays = 3650;

    public static IReadOnlyList<AlertRule> Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new HeapLedgerException($"alert rules ({source}): not JSON at line {e.LineNumber + 1}: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new HeapLedgerException($"alert rules ({source}): expected an array of rules, found {document.RootElement.ValueKind}");
            }

            var rules = new List<AlertRule>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                index++;
                var rule = ParseRule(element, $"alert rules ({source}): rule {index}");
                if (!names.Add(rule.Name))
                {
                    throw new HeapLedgerException($"alert rules ({source}): rule {index}: the name \"{rule.Name}\" is used twice");
                }

                rules.Add(rule);
            }

            return rules;
        }
    }

    private static AlertRule ParseRule(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new HeapLedgerException($"{where}: expected an object, found {element.ValueKind}");
        }

        string? name = null;
        Uri? webhook = null;
        double? withinDays = null;
        string? verdict = null;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "name":
                    name = Text(property, where);
                    break;
                case "webhook":
                    var text = Text(property, where);
                    if (!Uri.TryCreate(text, UriKind.Absolute, out webhook) || (webhook.Scheme != Uri.UriSchemeHttp && webhook.Scheme != Uri.UriSchemeHttps))
                    {
                        throw new HeapLedgerException($"{where}: \"webhook\" must be an absolute http or https address, not \"{text}\"");
                    }

                    break;
                case "withinDays":
                    if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var days) || days <= 0 || days > MaxWithinDays)
                    {
                        throw new HeapLedgerException($"{where}: \"withinDays\" must be a number of days above 0 and at most {MaxWithinDays.ToString(CultureInfo.InvariantCulture)}, not {property.Value.GetRawText()}");
                    }

                    withinDays = days;
                    break;
                case "verdict":
                    verdict = Text(property, where);
                    if (verdict != "leaking")
                    {
                        throw new HeapLedgerException($"{where}: \"verdict\" can only be \"leaking\", not \"{verdict}\"");
                    }

                    break;
                default:
                    throw new HeapLedgerException($"{where}: unknown field \"{property.Name}\" (known: name, webhook, withinDays, verdict)");
            }
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new HeapLedgerException($"{where}: \"name\" is missing");
        }

        where = $"{where} (\"{name}\")";
        if (webhook is null)
        {
            throw new HeapLedgerException($"{where}: \"webhook\" is missing");
        }

        // One of the two, so a rule says what it means: a horizon, or any leak.
        if ((withinDays is null) == (verdict is null))
        {
            throw new HeapLedgerException($"{where}: give either \"withinDays\" or \"verdict\": \"leaking\"");
        }

        return new AlertRule(name, webhook, withinDays);
    }

    private static string Text(JsonProperty property, string where) =>
        property.Value.ValueKind == JsonValueKind.String
            ? property.Value.GetString()!
            : throw new HeapLedgerException($"{where}: \"{property.Name}\" must be a string, not {property.Value.GetRawText()}");
}
