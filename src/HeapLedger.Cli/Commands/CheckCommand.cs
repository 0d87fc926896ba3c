using System.CommandLine;
using System.Text.Json;
using HeapLedger.Cli.Check;
using HeapLedger.Core;
using HeapLedger.Formats;

namespace HeapLedger.Cli.Commands;

/// <summary>
/// <c>heapledger check TRACE</c>: the CI gate for soak tests. Exit 1 on a leak, a double or
/// invalid free, a growth over budget, or growth beyond a baseline report.
/// </summary>
public static class CheckCommand
{
    public static Command Create(CliConsole console)
    {
        var trace = new Argument<string>("TRACE") { Description = "A trace of the soak test (heaptrack, mtrace or device records)" };
        var budget = new Option<string?>("--budget") { Description = "Growth budgets, overall and per site (docs/check.md)" };
        var baseline = new Option<string?>("--baseline") { Description = "A JSON report of an earlier run (analyze --format json) that this run must not exceed" };
        var tolerance = new Option<double>("--tolerance") { Description = "Percent by which growth may exceed the baseline", DefaultValueFactory = _ => 10 };
        var sarif = new Option<string?>("--sarif") { Description = "Also write the failures as SARIF 2.1.0 to FILE" };
        var elf = new Option<string[]>("--elf") { Description = "ELF file with debug info (repeatable)" };
        var sysroot = new Option<string?>("--sysroot") { Description = "Directory that holds the trace's modules at their recorded paths" };
        var vendor = new Option<string[]>("--vendor") { Description = "Third-party code a site is never named after (repeatable)" };
        var command = new Command("check", "Fail a soak test whose trace shows a leak or growth over budget or baseline")
        {
            trace, budget, baseline, tolerance, sarif, elf, sysroot, vendor,
        };
        command.SetAction(parsed => Run(
            parsed.GetValue(trace)!,
            parsed.GetValue(budget),
            parsed.GetValue(baseline),
            parsed.GetValue(tolerance),
            parsed.GetValue(sarif),
            new ReportSettings("text", null, parsed.GetValue(elf) ?? [], parsed.GetValue(sysroot), false, parsed.GetValue(vendor) ?? []),
            console));
        return command;
    }

    public static int Run(string path, string? budgetPath, string? baselinePath, double tolerance, string? sarifPath, ReportSettings settings, CliConsole console)
    {
        if (!File.Exists(path))
        {
            throw new HeapLedgerException($"{path}: no such file");
        }

        var budget = budgetPath is null ? null : Budget.Load(budgetPath);
        var baseline = baselinePath is null ? (JsonElement?)null : LoadBaseline(baselinePath);
        var report = TraceAnalysis.Analyze(path, settings.AnalyzeOptions(console.Error));
        foreach (var warning in report.Input.Warnings ?? [])
        {
            console.Error.WriteLine($"heapledger: warning: {warning}");
        }

        var failures = CheckEvaluator.Evaluate(report, budget, baseline, tolerance);
        if (sarifPath is not null)
        {
            try
            {
                using var file = File.Create(sarifPath);
                SarifWriter.Write(failures, path, file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new HeapLedgerException($"{sarifPath}: cannot write SARIF: {e.Message}");
            }
        }

        foreach (var failure in failures)
        {
            console.Out.WriteLine($"FAIL {failure.Rule}: {failure.Message}");
        }

        console.Out.WriteLine(failures.Count == 0
            ? $"PASS {path}: no leak, nothing over budget or baseline ({report.Sites.Count} sites, {report.Summary.Allocations} allocations)"
            : $"{failures.Count} failure(s) in {path}");
        return (int)(failures.Count == 0 ? ExitCode.Ok : ExitCode.ProblemFound);
    }

    private static JsonElement LoadBaseline(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement.Clone();
            if (!root.TryGetProperty("schemaVersion", out _) || !root.TryGetProperty("sites", out _))
            {
                throw new HeapLedgerException($"{path}: not a HeapLedger JSON report (no schemaVersion/sites)");
            }

            return root;
        }
        catch (JsonException e)
        {
            throw new HeapLedgerException($"{path}:{(e.LineNumber ?? 0) + 1}: bad baseline report: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeapLedgerException($"{path}: cannot read the baseline: {e.Message}");
        }
    }
}
