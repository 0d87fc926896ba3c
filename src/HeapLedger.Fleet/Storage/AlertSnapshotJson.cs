using System.Text.Json;
using HeapLedger.Detection;
using HeapLedger.Fleet.Alerts;

namespace HeapLedger.Fleet.Storage;

/// <summary>
/// An <see cref="AlertSnapshot"/> as the stores keep it in <c>alert_state.fired</c> and
/// <c>alert_pending.snapshot</c>: <c>{"verdict":"leaking","bytesPerHour":812.5,"exhaustionAt":1772323200000,"onset":null,"attributes":{...}}</c>,
/// times in Unix milliseconds like every other column.
/// </summary>
internal static class AlertSnapshotJson
{
    public static string Write(AlertSnapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("verdict", DeviceVerdictNames.Name(snapshot.Verdict));
            if (snapshot.BytesPerHour is { } rate && double.IsFinite(rate))
            {
                json.WriteNumber("bytesPerHour", rate);
            }
            else
            {
                json.WriteNull("bytesPerHour");
            }

            WriteTime(json, "exhaustionAt", snapshot.ExhaustionAt);
            WriteTime(json, "onset", snapshot.Onset);
            json.WriteStartObject("attributes");
            foreach (var (name, value) in snapshot.Attributes)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static AlertSnapshot Read(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        DeviceVerdictNames.TryParse(root.GetProperty("verdict").GetString() ?? string.Empty, out var verdict);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in root.GetProperty("attributes").EnumerateObject())
        {
            attributes[attribute.Name] = attribute.Value.GetString() ?? string.Empty;
        }

        var rate = root.GetProperty("bytesPerHour");
        return new AlertSnapshot(verdict, rate.ValueKind == JsonValueKind.Number ? rate.GetDouble() : null,
            ReadTime(root, "exhaustionAt"), ReadTime(root, "onset"), attributes);
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            json.WriteNumber(name, t.ToUnixTimeMilliseconds());
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static DateTimeOffset? ReadTime(JsonElement root, string name) =>
        root.GetProperty(name) is { ValueKind: JsonValueKind.Number } value ? DateTimeOffset.FromUnixTimeMilliseconds(value.GetInt64()) : null;
}
