using System.Diagnostics;

namespace HeapLedger.Device.Tests.Support;

/// <summary>Runs a program to its end and fails loudly when it cannot be started or fails.</summary>
public static class Run
{
    public static (int ExitCode, string Out, string Error) Program(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, int timeoutSeconds = 600)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repo.Root,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the heapledger command in-process.</summary>
    public static (int ExitCode, string Out, string Error) HeapLedger(Stream? input, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Cli.HeapLedgerCli.Run(args, new Cli.CliConsole(stdout, stderr, ErrorIsTerminal: false, Input: input));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
