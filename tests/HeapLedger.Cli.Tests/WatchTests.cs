using System.Net;
using System.Net.Sockets;
using System.Text;
using HeapLedger.Cli.Tests.Support;

namespace HeapLedger.Cli.Tests;

/// <summary><c>heapledger watch</c> on live sources: a TCP port and a file that is still being written.</summary>
public sealed class WatchTests
{
    [Fact]
    public async Task ALeakArrivingOverTcpIsReportedAsItAppearsThenInTheFinalReport()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var device = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            using var stream = client.GetStream();
            foreach (var line in new DeviceLog().LeakingDevice(240, contractViolationAt: 30))
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(line));
                if (line.Contains(" S ", StringComparison.Ordinal))
                {
                    await Task.Delay(2); // a device trickles its heartbeats
                }
            }
        });

        var run = await Task.Run(() => CliRun.Of("watch", $"tcp://127.0.0.1:{port}", "--interval", "0"));
        await device;
        listener.Stop();

        Assert.Equal(1, run.ExitCode);
        var lines = run.Out.Split('\n');
        var leak = Array.FindIndex(lines, l => l.Contains("] LEAK 0x1000", StringComparison.Ordinal));
        Assert.True(leak >= 0, run.Out);
        Assert.DoesNotContain(lines, l => l.Contains("] LEAK 0x2000", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("] CONTRACT-VIOLATION 0x20001000 not released 5000 ms", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("] status: heap used", StringComparison.Ordinal) && l.Contains("exhaustion in ~", StringComparison.Ordinal));
        var final = Array.FindIndex(lines, l => l.StartsWith("LEAKS (1)", StringComparison.Ordinal));
        Assert.True(final > leak, "the final report comes after the live lines");
        var forecast = Array.FindIndex(lines, l => l.StartsWith("exhaustion forecast: leaking, ", StringComparison.Ordinal));
        Assert.True(forecast >= 0 && forecast < final, "the final report gives the status line's forecast in its header");
        Assert.Contains(lines, l => l.StartsWith("first leak reported at device uptime", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGrowingFileIsFollowedUntilItGoesIdle()
    {
        var path = Path.Combine(TraceFactory.WorkDirectory, "growing-device.log");
        File.WriteAllText(path, string.Empty);
        var records = new DeviceLog().LeakingDevice(150).ToList();
        var writer = Task.Run(async () =>
        {
            await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            foreach (var chunk in records.Chunk(40))
            {
                await file.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(chunk)));
                await file.FlushAsync();
                await Task.Delay(50);
            }
        });

        var run = await Task.Run(() => CliRun.Of("watch", path, "--until-idle", "1.5", "--interval", "0"));
        await writer;
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("] LEAK 0x1000", run.Out, StringComparison.Ordinal);
        Assert.Contains("LEAKS (1)", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASerialPortIsReadUntilTheDeviceGoesAway()
    {
        using var terminal = PseudoTerminal.Open();
        var device = Task.Run(async () =>
        {
            await Task.Delay(500); // let watch open the port first
            foreach (var line in new DeviceLog().LeakingDevice(120))
            {
                await terminal.Master.WriteAsync(Encoding.ASCII.GetBytes(line));
            }

            await terminal.Master.FlushAsync();
            await Task.Delay(500);
            terminal.Dispose(); // the adapter is unplugged
        });

        var run = await Task.Run(() => CliRun.Of("watch", $"serial://{terminal.SlavePath}?baud=115200", "--interval", "0"));
        await device;
        Assert.True(run.ExitCode == 1, run.Out + run.Error);
        Assert.Contains("] LEAK 0x1000", run.Out, StringComparison.Ordinal);
        Assert.Contains("LEAKS (1)", run.Out, StringComparison.Ordinal);
    }
}
