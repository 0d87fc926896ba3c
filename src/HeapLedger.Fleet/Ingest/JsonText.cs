using System.Text;
using System.Text.Json;

namespace HeapLedger.Fleet.Ingest;

/// <summary>How values and JSON errors are quoted in rejection messages: short, and without control characters.</summary>
internal static class JsonText
{
    public static string Excerpt(ReadOnlySpan<byte> value)
    {
        var text = Encoding.UTF8.GetString(value[..Math.Min(value.Length, 40)]);
        var clean = string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
        return value.Length > 40 ? $"{clean}..." : clean;
    }

    /// <summary>What the reader is on, for "found ..." in a message.</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => $"the string \"{Excerpt(reader.ValueSpan)}\"",
        JsonTokenType.Number => $"the number {Excerpt(reader.ValueSpan)}",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => reader.TokenType.ToString(),
    };

    /// <summary>System.Text.Json's message without its position suffix, which the caller states in its own terms.</summary>
    public static string Reason(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return (cut < 0 ? message : message[..cut]).TrimEnd(' ', '.', '|');
    }
}
