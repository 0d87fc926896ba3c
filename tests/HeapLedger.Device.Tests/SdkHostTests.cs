using HeapLedger.Device.Tests.Support;

namespace HeapLedger.Device.Tests;

/// <summary>The C SDK's own CTest suites, run by the README's single test command.</summary>
public sealed class SdkHostTests
{
    [Fact]
    public void TheSdkHostTestsPassInTheReleaseBuildAndUnderAddressAndUndefinedBehaviourSanitizers()
    {
        var run = Run.Program("bash", [Repo.Path("device", "run-tests.sh")], timeoutSeconds: 900);
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("all device tests passed (release and ASan/UBSan builds)", run.Error + run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void AProgramLinkedWithTheWrapFlagsAloneIsTracedAndAnalyzed()
    {
        // samples/patterns.c knows nothing of HeapLedger: compile it, link it with the library and
        // the --wrap options, run it, and analyze its records with its own ELF.
        var dir = Directory.CreateTempSubdirectory("heapledger-wrapped-").FullName;
        var binary = Path.Combine(dir, "patterns");
        var library = Path.Combine(GatewayBuild.Directory, "libheapledger.a");
        var compile = Run.Program("gcc", ["-O2", "-g", "-no-pie", "-fno-omit-frame-pointer", "-o", binary, Repo.Path("samples", "patterns.c"),
            "-Wl,--wrap=malloc,--wrap=free,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup", library, "-lpthread", "-ldl"]);
        Assert.True(compile.ExitCode == 0, compile.Error);
        var records = Path.Combine(dir, "patterns.records");
        var traced = Run.Program(binary, ["20000"], new Dictionary<string, string> { ["HEAPLEDGER_OUT"] = records, ["HEAPLEDGER_MODE"] = "trace" });
        Assert.Equal(0, traced.ExitCode);

        var analyze = Run.HeapLedger(null, "analyze", records, "--elf", binary, "--format", "json");
        Assert.Equal(1, analyze.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(analyze.Out);
        var leaks = json.RootElement.GetProperty("sites").EnumerateArray()
            .Where(s => s.GetProperty("verdict").GetString() == "leak")
            .Select(s => s.GetProperty("function").GetString())
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["history_append", "modem_rx_frame", "session_open"], leaks);
        Assert.Equal("device", json.RootElement.GetProperty("input").GetProperty("format").GetString());
    }
}
