using System.Text.Json;

namespace HeapLedger.Cli.Check;

/// <summary>SARIF 2.1.0, so code-scanning tools show each failure at its source line.</summary>
public static class SarifWriter
{
    private static readonly (string Id, string Name, string Text)[] Rules =
    [
        ("leak", "MemoryLeak", "A call site's live memory keeps growing while the program runs."),
        ("budget", "GrowthOverBudget", "Memory grows faster than its budget allows."),
        ("baseline", "GrowthOverBaseline", "Memory grows faster than in the baseline run."),
        ("double-free", "DoubleFree", "A pointer was freed twice."),
        ("invalid-free", "InvalidFree", "A pointer that was never allocated was freed."),
        ("heap-corruption", "HeapCorruption", "An allocation's header or tail canary was overwritten."),
        ("contract-violation", "OwnershipContractViolation", "Memory handed over at a driver boundary was not released in time."),
    ];

    public static void Write(IReadOnlyList<CheckFailure> failures, string tracePath, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "HeapLedger");
        json.WriteString("informationUri", "https://github.com/heapledger/heapledger");
        json.WriteString("version", typeof(SarifWriter).Assembly.GetName().Version?.ToString() ?? "1.0.0");
        json.WriteStartArray("rules");
        foreach (var (id, name, text) in Rules)
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("name", name);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", text);
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", "error");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("artifacts");
        json.WriteStartObject();
        json.WriteStartObject("location");
        json.WriteString("uri", ToUri(tracePath));
        json.WriteEndObject();
        json.WriteString("description", "the allocation trace the results were computed from");
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartArray("results");
        foreach (var failure in failures)
        {
            var ruleIndex = Array.FindIndex(Rules, r => r.Id == failure.Rule);
            json.WriteStartObject();
            json.WriteString("ruleId", failure.Rule);
            if (ruleIndex >= 0)
            {
                json.WriteNumber("ruleIndex", ruleIndex);
            }

            json.WriteString("level", "error");
            json.WriteStartObject("message");
            json.WriteString("text", failure.Message);
            json.WriteEndObject();
            if (failure.File is not null && failure.Line > 0)
            {
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", ToUri(failure.File));
                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", failure.Line);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Paths as URI references: relative ones stay relative (to the checkout), with forward slashes.</summary>
    private static string ToUri(string path)
    {
        var slashed = path.Replace('\\', '/');
        if (slashed.StartsWith("./", StringComparison.Ordinal))
        {
            slashed = slashed[2..];
        }

        return Path.IsPathRooted(path) ? new Uri(path).AbsoluteUri : Uri.EscapeDataString(slashed).Replace("%2F", "/", StringComparison.Ordinal);
    }
}
