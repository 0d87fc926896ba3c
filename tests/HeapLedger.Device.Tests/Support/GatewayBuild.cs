namespace HeapLedger.Device.Tests.Support;

/// <summary>
/// The device SDK and the gateway built once per test run with CMake (host build: the SDK records
/// three callers above each site, so a leak in the vendored modem driver is named at the
/// firmware's own line).
/// </summary>
public static class GatewayBuild
{
    private static readonly Lazy<string> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Directory => Built.Value;

    public static string Gateway => System.IO.Path.Combine(Directory, "examples", "gateway", "gateway");

    public static string Source(string name) => Repo.Path("device", "examples", "gateway", name);

    /// <summary>The 1-based line of the only line of <paramref name="file"/> containing <paramref name="text"/>.</summary>
    public static int LineOf(string file, string text)
    {
        var lines = File.ReadAllLines(file);
        var matches = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(text, StringComparison.Ordinal)).ToList();
        Assert.Single(matches);
        return matches[0] + 1;
    }

    private static string Build()
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"heapledger-device-{Environment.ProcessId}");
        var configure = Run.Program("cmake", ["-S", Repo.Path("device"), "-B", directory, "-DCMAKE_BUILD_TYPE=RelWithDebInfo"]);
        Assert.True(configure.ExitCode == 0, configure.Out + configure.Error);
        var build = Run.Program("cmake", ["--build", directory, "-j", "2"]);
        Assert.True(build.ExitCode == 0, build.Out + build.Error);
        return directory;
    }
}
