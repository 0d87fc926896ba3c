using System.Globalization;
using System.Text.Json;
using HeapLedger.Core;
using HeapLedger.Fleet.Alerts;
using Microsoft.Extensions.Configuration;

namespace HeapLedger.Server;

/// <summary>
/// The <c>Alerts</c> section: the rules, either as <c>Alerts:Rules</c> (a JSON array in
/// appsettings.json, or a JSON string in <c>HEAPLEDGER_ALERTS__RULES</c>) or in the file
/// <c>Alerts:File</c> names (<c>serve --alerts FILE</c>); both are read by
/// <see cref="AlertRules.Parse"/>, so a mistake is reported the same way wherever it was made.
/// </summary>
public sealed class AlertSettings
{
    /// <summary>A JSON file holding the rules' array.</summary>
    public string? File { get; set; }

    /// <summary>The rules in <paramref name="configuration"/>; empty when none are given.</summary>
    public static IReadOnlyList<AlertRule> ReadRules(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Alerts:Rules");
        var file = configuration["Alerts:File"];
        var inline = section.Value is not null || section.GetChildren().Any();
        if (!string.IsNullOrWhiteSpace(file))
        {
            if (inline)
            {
                throw new HeapLedgerException($"alert rules: both Alerts:Rules and an alerts file ({file}) are given; keep one");
            }

            string text;
            try
            {
                text = System.IO.File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new HeapLedgerException($"alert rules ({file}): {e.Message}", e);
            }

            return AlertRules.Parse(text, file);
        }

        if (!inline)
        {
            return [];
        }

        return AlertRules.Parse(section.Value ?? ToJson(section), "configuration Alerts:Rules");
    }

    /// <summary>
    /// A JSON array in appsettings.json reaches us as keys (<c>Alerts:Rules:0:name</c>): it is
    /// written back as JSON, with <c>withinDays</c> as a number when it reads as one.
    /// </summary>
    private static string ToJson(IConfigurationSection rules)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var rule in rules.GetChildren().OrderBy(r => int.TryParse(r.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue))
            {
                json.WriteStartObject();
                foreach (var member in rule.GetChildren())
                {
                    if (member.Key == "withinDays" && double.TryParse(member.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var days))
                    {
                        json.WriteNumber(member.Key, days);
                    }
                    else
                    {
                        json.WriteString(member.Key, member.Value);
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
