using System.Diagnostics;
using System.Text;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Server.Tests.Support;

/// <summary>A real <c>heapledger serve</c> process on a free loopback port, for tests that kill it.</summary>
public sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log;

    private ServeProcess(Process process, StringBuilder log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts <c>heapledger serve</c> on the SQLite file <paramref name="databasePath"/>.</summary>
    public static Task<ServeProcess> StartAsync(string databasePath, string workingDirectory, params string[] extra) =>
        StartAsync(new StoreLocation(StoreKind.Sqlite, databasePath), workingDirectory, extra);

    /// <summary>Starts <c>heapledger serve --store STORE</c>.</summary>
    public static async Task<ServeProcess> StartAsync(StoreLocation store, string workingDirectory, params string[] extra)
    {
        var start = new ProcessStartInfo(CliPaths.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in new[] { CliPaths.Dll, "serve", "--store", $"{store.Kind.ToString().ToLowerInvariant()}:{store.Target}", "--urls", "http://127.0.0.1:0", "--detection-interval", "0" }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        var log = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Line(e.Data, log, listening);
        process.ErrorDataReceived += (_, e) => Line(e.Data, log, null);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("heapledger serve exited before it listened"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new ServeProcess(process, log, address);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
            throw new InvalidOperationException($"heapledger serve did not start: {e.Message}\n{log}", e);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Line(string? line, StringBuilder log, TaskCompletionSource<Uri>? listening)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }

        const string marker = "listening on ";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        if (listening is not null && at >= 0)
        {
            listening.TrySetResult(new Uri(line[(at + marker.Length)..].Split(' ')[0]));
        }
    }
}
