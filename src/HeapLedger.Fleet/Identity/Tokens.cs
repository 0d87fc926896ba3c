using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HeapLedger.Fleet.Identity;

/// <summary>
/// Device and hub tokens: 32 random bytes, printed as base64url (43 characters), stored only as
/// their SHA-256. A fast hash is the right one here: a token is 256 random bits, not a password a
/// person chose, so there is no dictionary to try and no brute force to slow down (2^256 guesses
/// whatever the hash costs); a slow password hash (bcrypt, Argon2) would add nothing but tens of
/// milliseconds of CPU to every heartbeat. A salt is not needed for the same reason, and a
/// deterministic hash is what lets the store find a token's owner with an index lookup.
/// </summary>
public static class Tokens
{
    public const int RandomBytes = 32;

    /// <summary>The base64url length of <see cref="RandomBytes"/> without padding.</summary>
    public const int TextLength = 43;

    public static string New()
    {
        Span<byte> secret = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(secret);
        return Base64Url.EncodeToString(secret);
    }

    /// <summary>Lower-case hex SHA-256 of the token's text: what the store keeps and looks up.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Whether the text has a token's shape; anything else cannot be one and needs no look-up.</summary>
    public static bool LooksLikeToken(ReadOnlySpan<char> text) =>
        text.Length == TextLength && !text.ContainsAnyExcept(Base64UrlAlphabet);

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
