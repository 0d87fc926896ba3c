using System.Text.Json;
using System.Text.Json.Serialization;
using HeapLedger.Core.Events;
using HeapLedger.Core.Reports;

namespace HeapLedger.Cli.Reports;

/// <summary>The JSON report (docs/report-schema.md): camelCase, verdicts and kinds as kebab-case strings.</summary>
public static class JsonReportWriter
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower), new FrameConverter() },
    };

    public static void Write(AnalysisReport report, TextWriter writer)
    {
        writer.Write(JsonSerializer.Serialize(report, Options));
        writer.WriteLine();
    }

    /// <summary>Frames with the address as a hex string, the way every other tool prints it.</summary>
    private sealed class FrameConverter : JsonConverter<Frame>
    {
        public override Frame Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("reports are written, not read");

        public override void Write(Utf8JsonWriter writer, Frame value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("function", value.Function);
            writer.WriteString("file", value.File);
            writer.WriteNumber("line", value.Line);
            writer.WriteString("module", value.Module);
            writer.WriteString("address", $"0x{value.Address:x}");
            writer.WriteBoolean("inlined", value.Inlined);
            writer.WriteEndObject();
        }
    }
}
