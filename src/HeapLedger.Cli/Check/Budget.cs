using System.Text.Json;
using System.Text.Json.Serialization;
using HeapLedger.Core;

namespace HeapLedger.Cli.Check;

/// <summary>
/// Growth budgets for <c>heapledger check</c> (docs/check.md): how fast the heap as a whole, and
/// named sites, may grow before a soak test fails.
/// </summary>
public sealed record Budget(BudgetLimit? Overall, IReadOnlyList<SiteBudget> Sites)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static Budget Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeapLedgerException($"{path}: cannot read the budget: {e.Message}");
        }

        try
        {
            var budget = JsonSerializer.Deserialize<Budget>(text, Options)
                ?? throw new HeapLedgerException($"{path}: the budget is empty");
            return budget with { Sites = budget.Sites ?? [] };
        }
        catch (JsonException e)
        {
            throw new HeapLedgerException($"{path}:{(e.LineNumber ?? 0) + 1}: bad budget: {e.Message}");
        }
    }
}

/// <summary>Either limit may be left out; a site or heap over any given limit fails.</summary>
public sealed record BudgetLimit(double? BytesPerHour, double? BytesPerThousandAllocations);

/// <param name="Match">A function name, a <c>file:line</c>, or a file name: which sites this budget covers.</param>
public sealed record SiteBudget(string Match, double? BytesPerHour, double? BytesPerThousandAllocations);
