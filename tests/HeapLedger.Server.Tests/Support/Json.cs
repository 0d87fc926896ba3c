using System.Text.Json;

namespace HeapLedger.Server.Tests.Support;

public static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The statuses of a heartbeat reply's items, in order.</summary>
    public static string[] Statuses(JsonElement reply) =>
        [.. reply.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetString()!)];

    /// <summary>A heartbeat as a device sends it.</summary>
    public static string Heartbeat(string? device, long seq, long free = 40_000, DateTimeOffset? time = null, string extra = "")
    {
        var when = (time ?? DateTimeOffset.UtcNow.AddMinutes(-1)).ToUnixTimeSeconds();
        var id = device is null ? string.Empty : $"\"device\":\"{device}\",";
        return $"{{{id}\"seq\":{seq},\"time\":{when},\"uptime_s\":{seq * 60},\"free\":{free},\"min_free\":{free - 10},\"largest_free\":{free / 2},\"heap_size\":65536{extra}}}";
    }
}
