using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using HeapLedger.Server.Tests.Support;
using Microsoft.Data.Sqlite;

namespace HeapLedger.Server.Tests;

/// <summary>The README's fleet service lines, run as printed with bash and curl: only the port is changed, to a free one.</summary>
public sealed partial class ReadmeTests
{
    [Fact]
    public async Task TheReadmesCurlExampleWorksAsPrinted()
    {
        var readme = File.ReadAllText(Path.Combine(CliPaths.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("## Fleet service", StringComparison.Ordinal)..];
        var block = CodeBlock().Match(section);
        Assert.True(block.Success, "no sh block in the README's fleet service section");
        var script = block.Groups[1].Value;
        Assert.Contains("heapledger serve --store sqlite:fleet.db --urls http://127.0.0.1:8080", script, StringComparison.Ordinal);
        Assert.Contains("heapledger devices add dev-001 --store sqlite:fleet.db", script, StringComparison.Ordinal);

        var directory = TempDirectory.Create("heapledger-readme");
        try
        {
            var bin = Path.Combine(directory, "bin");
            Directory.CreateDirectory(bin);
            var wrapper = Path.Combine(bin, "heapledger");
            File.WriteAllText(wrapper, $"#!/bin/sh\nexec \"{CliPaths.DotnetHost}\" \"{CliPaths.Dll}\" \"$@\"\n");
            Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "the README's lines are for a Unix shell");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var port = FreePort();
            var run = script.Replace("127.0.0.1:8080", $"127.0.0.1:{port}", StringComparison.Ordinal) + "\nkill $! && wait\n";
            File.WriteAllText(Path.Combine(directory, "readme.sh"), run);

            var start = new ProcessStartInfo("bash", ["readme.sh"])
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);
            var printed = await stdout;
            Assert.Contains("""{"accepted":1,"duplicate":0,"rejected":0,"items":[{"index":0,"device":"dev-001","seq":1,"status":"accepted"}]}""", printed, StringComparison.Ordinal);
            Assert.Contains("\"device\":\"dev-001\"", printed[printed.IndexOf("\"devices\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
            Assert.Contains("\"firmware\":\"1.4.2\"", printed, StringComparison.Ordinal);
            Assert.Contains("device dev-001 added", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempDirectory.Delete(directory);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("```sh\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
