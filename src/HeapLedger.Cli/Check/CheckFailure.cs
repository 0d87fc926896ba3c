namespace HeapLedger.Cli.Check;

/// <summary>One reason a soak test fails, with where in the source it points, for text and SARIF.</summary>
/// <param name="Rule">leak, budget, baseline, or a finding kind (double-free, ...).</param>
public sealed record CheckFailure(string Rule, string Message, string? File, int Line);
