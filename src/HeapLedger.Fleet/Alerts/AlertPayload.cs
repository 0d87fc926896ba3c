using System.Globalization;
using System.Text.Json;
using HeapLedger.Detection;

namespace HeapLedger.Fleet.Alerts;

/// <summary>
/// The JSON body posted to a webhook; the schema is in docs/pivot-and-alerts.md ("Payload",
/// version 1). Times are UTC ISO 8601 to the second, absent figures are null.
/// </summary>
public static class AlertPayload
{
    public const int Version = 1;

    public static byte[] Serialize(AlertNotification notification, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var snapshot = notification.Snapshot;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            json.WriteString("id", notification.Id);
            json.WriteString("rule", notification.Rule);
            json.WriteString("device", notification.Device);
            json.WriteString("state", notification.State == AlertTransition.Firing ? "firing" : "resolved");
            json.WriteString("reason", ReasonName(notification.Reason));
            json.WriteString("at", Iso(notification.At));
            json.WriteString("verdict", VerdictName(snapshot.Verdict));
            if (snapshot.BytesPerHour is { } rate)
            {
                json.WriteNumber("bytesPerHour", Math.Round(rate, 3));
            }
            else
            {
                json.WriteNull("bytesPerHour");
            }

            json.WriteString("exhaustionAt", Iso(snapshot.ExhaustionAt));
            json.WriteString("onset", Iso(snapshot.Onset));
            json.WriteString("firstFlaggedAt", Iso(notification.FirstFlaggedAt));
            json.WriteStartObject("attributes");
            foreach (var (name, value) in snapshot.Attributes.OrderBy(static a => a.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteString("sentAt", Iso(sentAt));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The names the forecast command's JSON uses.</summary>
    private static string VerdictName(DeviceVerdict verdict) => verdict switch
    {
        DeviceVerdict.Leaking => "leaking",
        DeviceVerdict.Healthy => "healthy",
        _ => "insufficient-data",
    };

    private static string ReasonName(AlertReason reason) => reason switch
    {
        AlertReason.Matched => "matched",
        AlertReason.Recovered => "recovered",
        _ => "fixed",
    };

    private static string? Iso(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
