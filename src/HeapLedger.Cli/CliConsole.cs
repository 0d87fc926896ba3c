namespace HeapLedger.Cli;

/// <summary>The I/O a command runs against, so tests can run verbs in-process.</summary>
/// <param name="ErrorIsTerminal">Whether stderr is an interactive terminal (progress bars go there only then).</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal)
{
    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsErrorRedirected);
}
