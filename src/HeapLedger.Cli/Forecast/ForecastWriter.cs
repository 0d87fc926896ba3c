using System.Globalization;
using System.Text;
using System.Text.Json;
using HeapLedger.Detection;

namespace HeapLedger.Cli.Forecast;

/// <summary>
/// The forecast verb's output, most urgent first: leaking devices by when they run out, then
/// healthy ones, then those without enough data; under each device, the sites that leak when
/// its heartbeats carried site ledgers. JSON schema in docs/detection.md.
/// </summary>
internal static class ForecastWriter
{
    public const int SchemaVersion = 1;

    public static List<JudgedDevice> MostUrgentFirst(IEnumerable<JudgedDevice> devices) =>
        [.. devices
            .OrderBy(d => d.Forecast.Verdict switch { DeviceVerdict.Leaking => 0, DeviceVerdict.Healthy => 1, _ => 2 })
            .ThenBy(d => d.Forecast.ExhaustionAt ?? DateTimeOffset.MaxValue)
            .ThenBy(d => d.Forecast.Device, StringComparer.Ordinal)];

    public static void WriteJson(IReadOnlyList<JudgedDevice> devices, TextWriter output)
    {
        // Handed to the output a few devices at a time: a fleet's report is megabytes, and held
        // whole (bytes, then text) it would be the biggest thing in memory.
        const int FlushBytes = 64 << 10;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteStartArray("devices");
            foreach (var device in devices)
            {
                if (json.BytesPending + buffer.Length >= FlushBytes)
                {
                    json.Flush();
                    Drain(buffer, output);
                }

                var f = device.Forecast;
                json.WriteStartObject();
                json.WriteString("device", f.Device);
                json.WriteString("verdict", VerdictName(f.Verdict));
                Number(json, "bytesPerHour", f.BytesPerHour);
                Time(json, "onset", f.Onset);
                Time(json, "exhaustionAt", f.ExhaustionAt);
                Time(json, "exhaustionLow", f.ExhaustionLow);
                Time(json, "exhaustionHigh", f.ExhaustionHigh);
                json.WriteNumber("points", f.Points);
                Number(json, "bytesPerHourLow", f.BytesPerHourLow);
                Number(json, "bytesPerHourHigh", f.BytesPerHourHigh);
                if (f.Limit is null)
                {
                    json.WriteNull("limit");
                }
                else
                {
                    json.WriteString("limit", f.Limit);
                }

                json.WriteNumber("confidence", Math.Round(f.Confidence, 6));
                Time(json, "lastHeartbeat", device.LastHeartbeat);
                if (device.Sites.Count > 0)
                {
                    WriteSites(json, f, device.Sites);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        Drain(buffer, output);
        output.WriteLine();
    }

    /// <summary>Writes out what the JSON writer flushed: whole tokens, so never half a UTF-8 character.</summary>
    private static void Drain(MemoryStream buffer, TextWriter output)
    {
        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        buffer.SetLength(0);
    }

    public static void WriteText(IReadOnlyList<JudgedDevice> devices, TimeSpan horizon, TextWriter output)
    {
        var rows = new List<string[]> { new[] { "DEVICE", "VERDICT", "USED B/H", "ONSET", "EXHAUSTION", "INTERVAL", "LIMIT", "POINTS" } };
        foreach (var device in devices)
        {
            var f = device.Forecast;
            rows.Add([
                f.Device,
                VerdictName(f.Verdict) + (device.ExhaustsWithin(horizon) ? " !" : string.Empty),
                f.BytesPerHour is { } rate ? rate.ToString("F1", CultureInfo.InvariantCulture) : "-",
                Short(f.Onset),
                Short(f.ExhaustionAt),
                f.ExhaustionAt is null ? "-" : $"{Short(f.ExhaustionLow)} .. {Short(f.ExhaustionHigh)}",
                f.Limit ?? "-",
                f.Points.ToString(CultureInfo.InvariantCulture),
            ]);
        }

        // Site lines sit under their device's row and do not take part in the column widths.
        var siteLines = devices.Select(d => SiteLines(d).ToList()).ToList();

        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        for (var r = 0; r < rows.Count; r++)
        {
            output.WriteLine(string.Join("  ", rows[r].Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
            foreach (var line in r > 0 ? siteLines[r - 1] : [])
            {
                output.WriteLine(line);
            }
        }

        var leaking = devices.Count(d => d.Forecast.Verdict == DeviceVerdict.Leaking);
        var urgent = devices.Count(d => d.ExhaustsWithin(horizon));
        var healthy = devices.Count(d => d.Forecast.Verdict == DeviceVerdict.Healthy);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{devices.Count} devices: {leaking} leaking ({urgent} run out within {horizon.TotalDays:0.#} days, marked !), {healthy} healthy, {devices.Count - leaking - healthy} without enough data"));
    }

    /// <summary>The leaking sites, each with its share of the device's rate when the device leaks too; or that none accounts for a leaking device.</summary>
    private static IEnumerable<string> SiteLines(JudgedDevice device)
    {
        var leaking = device.Sites.Where(s => s.Verdict == DeviceVerdict.Leaking).ToList();
        foreach (var site in leaking)
        {
            var share = site.ShareOf(device.Forecast) is { } s ? string.Create(CultureInfo.InvariantCulture, $" ({s * 100:F0}% of the device's)") : string.Empty;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  leaking site {site.Site}: {site.BytesPerHour:F1} B/h{share}, since {Short(site.Onset)}");
        }

        if (leaking.Count == 0 && device.Sites.Count > 0 && device.Forecast.Verdict == DeviceVerdict.Leaking)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"  no site of the {device.Sites.Count} in its ledger leaks on its own");
        }
    }

    /// <summary>Per site, the same first fields as a device's where they apply (a site has no exhaustion), leaking sites first.</summary>
    private static void WriteSites(Utf8JsonWriter json, DeviceForecast device, IReadOnlyList<SiteForecast> sites)
    {
        json.WriteStartArray("sites");
        foreach (var site in sites)
        {
            json.WriteStartObject();
            json.WriteString("site", site.Site);
            json.WriteString("verdict", VerdictName(site.Verdict));
            Number(json, "bytesPerHour", site.BytesPerHour);
            Time(json, "onset", site.Onset);
            json.WriteNumber("points", site.Points);
            Number(json, "bytesPerHourLow", site.BytesPerHourLow);
            Number(json, "bytesPerHourHigh", site.BytesPerHourHigh);
            Number(json, "shareOfDevice", site.ShareOf(device));
            json.WriteNumber("confidence", Math.Round(site.Confidence, 6));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static string VerdictName(DeviceVerdict verdict) => DeviceVerdictNames.Name(verdict);

    public static string? Iso(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Short(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "-";

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (Iso(time) is { } text)
        {
            json.WriteString(name, text);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, Math.Round(v, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
