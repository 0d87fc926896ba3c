using System.Collections.Concurrent;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Fleet.Identity;

/// <summary>
/// Finds the caller of a bearer token. Known tokens are kept for <see cref="CacheFor"/> so that a
/// busy device does not cost a store look-up per heartbeat; a token removed from the store stops
/// working within that time. Unknown tokens are not cached (a flood of them costs one indexed
/// look-up each, and caching them would let a flood fill memory).
/// </summary>
public sealed class TokenAuthenticator(IFleetStore store, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);

    private const int MaxCached = 200_000;

    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    /// <summary>The token's owner, or null when the token is not one the store knows.</summary>
    public async ValueTask<Caller?> AuthenticateAsync(string token, CancellationToken cancel)
    {
        if (!Tokens.LooksLikeToken(token))
        {
            return null;
        }

        var hash = Tokens.Hash(token);
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(hash, out var hit) && hit.Until > now)
        {
            return hit.Caller;
        }

        var caller = await store.FindCallerAsync(hash, cancel).ConfigureAwait(false);
        if (caller is not null)
        {
            if (_known.Count >= MaxCached)
            {
                _known.Clear();
            }

            _known[hash] = (caller, now + CacheFor);
        }

        return caller;
    }
}
