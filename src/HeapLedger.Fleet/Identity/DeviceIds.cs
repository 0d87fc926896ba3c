using System.Buffers;

namespace HeapLedger.Fleet.Identity;

/// <summary>
/// What a device id (and a hub name) may be: 1 to 128 characters of letters, digits and
/// <c>. _ : @ -</c>, starting with a letter or digit. Enough for serial numbers, MAC addresses and
/// IoT hub ids such as Notehub's <c>dev:864475044203262</c>; nothing that needs escaping in a URL
/// path, a log line or an MQTT topic level.
/// </summary>
public static class DeviceIds
{
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-");

    /// <summary>Null when <paramref name="id"/> is a valid id, otherwise what is wrong with it.</summary>
    public static string? Problem(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0)
        {
            return "it is empty";
        }

        if (id.Length > MaxLength)
        {
            return $"it has {id.Length} characters, more than {MaxLength}";
        }

        if (id.AsSpan().IndexOfAnyExcept(Allowed) is var bad and >= 0)
        {
            return $"character {bad + 1} is not a letter, a digit or one of . _ : @ -";
        }

        return char.IsAsciiLetterOrDigit(id[0]) ? null : "it must start with a letter or a digit";
    }
}
