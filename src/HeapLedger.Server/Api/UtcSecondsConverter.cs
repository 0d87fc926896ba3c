using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeapLedger.Server.Api;

/// <summary>Times as <c>heapledger forecast --format json</c> writes them: ISO-8601 UTC to the second, <c>2026-03-01T12:00:00Z</c>.</summary>
internal sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
