using System.CommandLine;

namespace HeapLedger.Cli.Commands;

/// <summary>The options shared by the verbs that print an analysis report.</summary>
public sealed class ReportOptions
{
    private readonly Option<string> format = new("--format", "-f")
    {
        Description = "Report format: text, json or html",
        DefaultValueFactory = _ => "text",
    };

    private readonly Option<string?> output = new("--output", "-o") { Description = "Write the report to FILE instead of stdout" };

    private readonly Option<string[]> elf = new("--elf")
    {
        Description = "ELF file with debug info for a module in the trace (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string?> sysroot = new("--sysroot") { Description = "Directory that holds the trace's modules at their recorded paths" };

    private readonly Option<string[]> vendor = new("--vendor")
    {
        Description = "Third-party code a site is never named after: a function name or part of a file path (repeatable); vendor/ and third_party/ directories are always skipped",
    };

    private readonly Option<bool> atExit = new("--at-exit") { Description = "Also list everything still live at the end (the heaptrack/valgrind view)" };

    public ReportOptions()
    {
        format.AcceptOnlyFromAmong("text", "json", "html");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(elf);
        command.Options.Add(sysroot);
        command.Options.Add(vendor);
        command.Options.Add(atExit);
    }

    public ReportSettings Read(ParseResult parsed) => new(
        parsed.GetValue(format) ?? "text",
        parsed.GetValue(output),
        parsed.GetValue(elf) ?? [],
        parsed.GetValue(sysroot),
        parsed.GetValue(atExit),
        parsed.GetValue(vendor) ?? []);
}
