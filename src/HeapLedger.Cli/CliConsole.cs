namespace HeapLedger.Cli;

/// <summary>The I/O a command runs against, so tests can run verbs in-process.</summary>
/// <param name="ErrorIsTerminal">Whether stderr is an interactive terminal (progress bars go there only then).</param>
/// <param name="Input">Standard input, for sources named <c>-</c>; null means the process's own.</param>
/// <param name="Cancel">Cancelled when the user asks to stop (Ctrl-C) and a long-running verb should wind up.</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal, Stream? Input = null, CancellationToken Cancel = default)
{
    public static CliConsole System
    {
        get
        {
            var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                // The first Ctrl-C asks a verb such as watch to finish with its report; a second one kills.
                e.Cancel = !stop.IsCancellationRequested;
                stop.Cancel();
            };
            return new(Console.Out, Console.Error, !Console.IsErrorRedirected, null, stop.Token);
        }
    }
}
