using HeapLedger.Core;

namespace HeapLedger.Fleet.Storage;

/// <summary>
/// Where the fleet is stored, as <c>--store</c> names it: <c>sqlite:PATH</c> (a file, created on
/// first use) or <c>postgres:CONNECTION_STRING</c> (an Npgsql connection string).
/// </summary>
public sealed record StoreLocation(StoreKind Kind, string Target)
{
    /// <summary>Reads a <c>--store</c> value; a <see cref="HeapLedgerException"/> says what is wrong with a bad one.</summary>
    public static StoreLocation Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new HeapLedgerException("no store given: pass --store sqlite:PATH or --store postgres:CONNECTION_STRING (or set Store in appsettings.json or HEAPLEDGER_STORE)");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? text : text[..colon];
        var target = colon < 0 ? string.Empty : text[(colon + 1)..];
        var kind = scheme.ToUpperInvariant() switch
        {
            "SQLITE" => StoreKind.Sqlite,
            "POSTGRES" or "POSTGRESQL" => StoreKind.Postgres,
            _ => throw new HeapLedgerException($"store \"{text}\": expected sqlite:PATH or postgres:CONNECTION_STRING"),
        };
        if (target.Trim().Length == 0)
        {
            throw new HeapLedgerException(kind == StoreKind.Sqlite
                ? $"store \"{text}\": no file after \"sqlite:\" (e.g. sqlite:fleet.db)"
                : $"store \"{text}\": no connection string after \"postgres:\" (e.g. postgres:Host=127.0.0.1;Database=heapledger;Username=heapledger)");
        }

        return new StoreLocation(kind, target);
    }

    /// <summary>For logs and messages: the SQLite path, or the PostgreSQL connection string without its password.</summary>
    public override string ToString() => Kind == StoreKind.Sqlite ? $"sqlite:{Target}" : $"postgres:{WithoutPassword(Target)}";

    private static string WithoutPassword(string connection) =>
        string.Join(';', connection.Split(';').Where(part => !part.TrimStart().StartsWith("password", StringComparison.OrdinalIgnoreCase)));
}
