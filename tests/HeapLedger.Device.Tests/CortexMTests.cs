using System.Diagnostics;
using System.Text.Json;
using HeapLedger.Device.Tests.Support;

namespace HeapLedger.Device.Tests;

/// <summary>
/// The same gateway built with arm-none-eabi-gcc for a Cortex-M3 (mps2-an385) and run under
/// qemu-system-arm, its UART on standard output; heapledger reads it with the ARM ELF. The README's
/// test command installs the toolchain and QEMU: a missing one fails these tests, it never skips them.
/// </summary>
public sealed class CortexMTests
{
    private static readonly Lazy<string> BuildDirectory = new(() =>
        Path.Combine(Path.GetTempPath(), $"heapledger-gateway-arm-{Environment.ProcessId}"));

    private static string Elf => Path.Combine(BuildDirectory.Value, "gateway.elf");

    [Fact]
    public async Task WatchNamesTheLeakFromTheFirmwaresUartWithTheArmElf()
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Repo.Path("device", "examples", "gateway", "arm", "run.sh"), BuildDirectory.Value, "--", "--mode", "ledger", "--uptime-days", "20" })
        {
            start.ArgumentList.Add(arg);
        }

        using var qemu = Process.Start(start)!;
        var errors = qemu.StandardError.ReadToEndAsync();
        var watch = Run.HeapLedger(qemu.StandardOutput.BaseStream, "watch", "-", "--elf", Elf, "--interval", "0");
        Assert.True(qemu.WaitForExit(300_000), "QEMU did not finish");
        var stderr = await errors;
        Assert.True(qemu.ExitCode == 0, $"run.sh exited {qemu.ExitCode}: {stderr}");

        Assert.Equal(1, watch.ExitCode);
        var driverLine = GatewayBuild.LineOf(GatewayBuild.Source("vendor/acme_modem/modem_driver.c"), "modem_frame_t *frame = malloc(");
        Assert.Contains($"] LEAK frame_from_air ", watch.Out, StringComparison.Ordinal);
        Assert.Contains($"modem_driver.c:{driverLine}: leak", watch.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("build ID", watch.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ATraceFromTheArmFirmwareIsAnalyzedWithItsElfAndItsBuildIdMatches()
    {
        var run = Run.Program("sh", [Repo.Path("device", "examples", "gateway", "arm", "run.sh"), BuildDirectory.Value, "--", "--mode", "trace", "--uptime-days", "4"],
            timeoutSeconds: 300);
        Assert.True(run.ExitCode == 0, run.Error);
        var log = Path.Combine(BuildDirectory.Value, "trace-4d.log");
        File.WriteAllText(log, run.Out);

        var analyze = Run.HeapLedger(null, "analyze", log, "--elf", Elf, "--format", "json");
        Assert.Equal(1, analyze.ExitCode);
        using var json = JsonDocument.Parse(analyze.Out);
        var root = json.RootElement;
        Assert.Equal("device", root.GetProperty("input").GetProperty("format").GetString());
        Assert.DoesNotContain(root.GetProperty("input").GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("build ID", StringComparison.Ordinal));
        var leak = Assert.Single(root.GetProperty("sites").EnumerateArray(), s => s.GetProperty("verdict").GetString() == "leak");
        Assert.Equal("frame_from_air", leak.GetProperty("function").GetString());
        Assert.Equal(GatewayBuild.LineOf(GatewayBuild.Source("vendor/acme_modem/modem_driver.c"), "modem_frame_t *frame = malloc("), leak.GetProperty("line").GetInt32());
        Assert.Contains(root.GetProperty("sites").EnumerateArray(), s => s.GetProperty("function").GetString() == "app_comm_init" && s.GetProperty("verdict").GetString() == "retained");
    }
}
