using System.Diagnostics;

namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>Runs a command-line tool (gcc, objdump, addr2line) and returns what it printed.</summary>
internal static class Tool
{
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await errors}");
        }

        return await output;
    }

    public static string Run(string program, params string[] arguments) => RunAsync(program, arguments).GetAwaiter().GetResult();
}
