using System.CommandLine;
using HeapLedger.Cli.Commands;
using HeapLedger.Core;

namespace HeapLedger.Cli;

/// <summary>The command tree. Each verb lives in its own file under Commands/.</summary>
public static class HeapLedgerCli
{
    public static int Run(string[] args, CliConsole console)
    {
        var root = new RootCommand("HeapLedger finds slow memory leaks: which call site's live memory keeps growing while the program runs.")
        {
            AnalyzeCommand.Create(console),
            CheckCommand.Create(console),
            DemoCommand.Create(console),
            DevicesCommand.Create(console),
            EvalCommand.Create(console),
            ForecastCommand.Create(console),
            ReportCommand.Create(console),
            ServeCommand.Create(console),
            SimulateCommand.Create(console),
            WatchCommand.Create(console),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                console.Error.WriteLine($"heapledger: {error.Message}");
            }

            console.Error.WriteLine("Run 'heapledger --help' for usage.");
            return (int)ExitCode.BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false });
        }
        catch (HeapLedgerException e)
        {
            console.Error.WriteLine($"heapledger: error: {e.Message}");
            return (int)ExitCode.BadInput;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            console.Error.WriteLine($"heapledger: internal error (please report it): {e}");
            return (int)ExitCode.InternalError;
        }
    }
}
