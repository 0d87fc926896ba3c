using System.Collections.Concurrent;

namespace HeapLedger.Cli.Tests.Support;

/// <summary>
/// Makes real traces during the test run: compiles the C programs with gcc and runs them under
/// heaptrack and under glibc's mtrace. Each (program, optimisation, recorder) is made once per run.
/// </summary>
public static class TraceFactory
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Made = new();

    public static string WorkDirectory { get; } = CreateWorkDirectory();

    /// <summary>Compiles <paramref name="source"/> at <paramref name="optimisation"/> ("-O0", "-O2") with debug info.</summary>
    public static string Compile(string source, string optimisation, params string[] extraFlags) =>
        Once($"gcc|{source}|{optimisation}|{string.Join(' ', extraFlags)}", () =>
        {
            var name = $"{Path.GetFileNameWithoutExtension(source)}{optimisation.Replace("-", "_")}{(extraFlags.Length > 0 ? "_" + Math.Abs(string.Join(' ', extraFlags).GetHashCode()) : string.Empty)}";
            var output = Path.Combine(WorkDirectory, name);
            Tool.Run("gcc", ["-g", optimisation, .. extraFlags, "-o", output, source], WorkDirectory);
            return output;
        });

    /// <summary>Runs <paramref name="binary"/> under heaptrack and returns the .zst it wrote.</summary>
    public static string Heaptrack(string binary, params string[] args) =>
        Once($"heaptrack|{binary}|{string.Join(' ', args)}", () =>
        {
            var output = Path.Combine(WorkDirectory, Path.GetFileName(binary) + ".heaptrack");
            Tool.Run("heaptrack", ["-o", output, binary, .. args], WorkDirectory);
            var written = Directory.GetFiles(WorkDirectory, Path.GetFileName(output) + ".*").Single(f => f.EndsWith(".zst", StringComparison.Ordinal) || f.EndsWith(".gz", StringComparison.Ordinal));
            return written;
        });

    /// <summary>Runs <paramref name="binary"/> with glibc's mtrace and returns the log.</summary>
    public static string Mtrace(string binary, IDictionary<string, string>? environment = null, params string[] args) =>
        Once($"mtrace|{binary}|{string.Join(' ', args)}|{string.Join(',', environment ?? new Dictionary<string, string>())}", () =>
        {
            var output = Path.Combine(WorkDirectory, Path.GetFileName(binary) + ".mtrace");
            var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
            {
                ["LD_PRELOAD"] = "libc_malloc_debug.so.0",
                ["MALLOC_TRACE"] = output,
            };
            Tool.Run(binary, args, WorkDirectory, env);
            return output;
        });

    private static string Once(string key, Func<string> make) =>
        Made.GetOrAdd(key, _ => new Lazy<string>(make, LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static string CreateWorkDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "heapledger-tests-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
