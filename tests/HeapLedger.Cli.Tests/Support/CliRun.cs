using System.Text.Json;

namespace HeapLedger.Cli.Tests.Support;

/// <summary>Runs the heapledger command in-process and captures what it printed.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = HeapLedgerCli.Run(args, new CliConsole(stdout, stderr, ErrorIsTerminal: false));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public JsonDocument Json() => JsonDocument.Parse(Out);
}
