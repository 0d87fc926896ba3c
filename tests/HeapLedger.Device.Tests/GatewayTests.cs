using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HeapLedger.Device.Tests.Support;

namespace HeapLedger.Device.Tests;

/// <summary>
/// The field failure, end to end on the host: the gateway firmware with its vendored modem driver,
/// run for weeks of simulated uptime, traced by the SDK and judged by heapledger.
/// </summary>
public sealed partial class GatewayTests
{
    private const int Days = 20;

    [Fact]
    public void WithoutTheFixTheGatewayGoesSilentAfterDaysAndKeepsRunning()
    {
        var (summary, _) = Gateway("unfixed", "--mode", "ledger");
        var stopped = StoppedAt().Match(summary);
        Assert.True(stopped.Success, summary);
        var days = double.Parse(stopped.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(days, 1, Days - 1);
        Assert.StartsWith($"[{Days}d 00:00:00] summary:", summary.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnalyzeNamesTheFirmwareLineThatTookOwnershipNotTheDriversMallocNorTheRetainedHeartbeatBuffer()
    {
        var (_, records) = Gateway("trace", "--mode", "trace");
        var run = Run.HeapLedger(null, "analyze", records, "--elf", GatewayBuild.Gateway, "--format", "json");
        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var sites = json.RootElement.GetProperty("sites").EnumerateArray().ToList();
        var leak = Assert.Single(sites, s => s.GetProperty("verdict").GetString() == "leak");
        Assert.EndsWith("app_comm.c", leak.GetProperty("file").GetString());
        Assert.Equal(GatewayBuild.LineOf(GatewayBuild.Source("app_comm.c"), "switch (modem_receive(&frame))"), leak.GetProperty("line").GetInt32());

        // The driver's malloc is in the leak's stack, not its name; the heartbeat template is retained.
        var driverLine = GatewayBuild.LineOf(GatewayBuild.Source("vendor/acme_modem/modem_driver.c"), "modem_frame_t *frame = malloc(");
        Assert.Contains(leak.GetProperty("stack").EnumerateArray(), f => f.GetProperty("line").GetInt32() == driverLine);
        Assert.DoesNotContain(sites, s => s.GetProperty("file").GetString()?.EndsWith("modem_driver.c", StringComparison.Ordinal) == true && s.GetProperty("verdict").GetString() == "leak");
        Assert.Contains(sites, s => s.GetProperty("function").GetString() == "app_comm_init" && s.GetProperty("verdict").GetString() == "retained");
        Assert.DoesNotContain(json.RootElement.GetProperty("input").GetProperty("warnings").EnumerateArray(),
            w => w.GetString()!.Contains("build ID", StringComparison.Ordinal));
    }

    [Fact]
    public void WithContractsTheFirstViolationArrivesWithinTheDeadlineAfterTheFirstForgottenFrame()
    {
        var (_, path) = Gateway("contracts", "--mode", "trace", "--contracts");
        var records = Records.Read(path);
        var deadline = int.Parse(DeadlineDefine().Match(File.ReadAllText(GatewayBuild.Source("app_comm.c"))).Groups[1].Value, CultureInfo.InvariantCulture);

        // Replay the records: the first forgotten frame is the earliest allocation still live at
        // the end that was put under a contract; the first violation must name it, once its
        // deadline has passed and no later than the next poll (every simulated second).
        var live = new Dictionary<string, ulong>();
        var violated = new Dictionary<string, ulong>();
        string? firstViolationPointer = null;
        ulong firstViolationAt = 0;
        foreach (var record in records.Lines)
        {
            switch (record[0][0])
            {
                case 'A':
                    live[record[3]] = Records.Hex(record[1]);
                    break;
                case 'F':
                    live.Remove(record[3]);
                    break;
                case 'R':
                    live.Remove(record[3]);
                    live[record[4]] = Records.Hex(record[1]);
                    break;
                case 'C':
                    violated[record[2]] = live[record[2]];
                    if (firstViolationPointer is null)
                    {
                        firstViolationPointer = record[2];
                        firstViolationAt = Records.Hex(record[1]);
                    }

                    break;
            }
        }

        var firstForgotten = live.Where(p => violated.ContainsKey(p.Key)).MinBy(p => p.Value);
        Assert.Equal(firstForgotten.Key, firstViolationPointer);
        Assert.InRange(firstViolationAt - firstForgotten.Value, (ulong)deadline, (ulong)deadline + 1000);

        var run = Run.HeapLedger(null, "analyze", path, "--elf", GatewayBuild.Gateway);
        Assert.Contains("contract-violation:", run.Out, StringComparison.Ordinal);
        Assert.Contains("\"modem_receive retry frame\"", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void WithTheFixTheHeapFloorIsFlatAndNothingLeaksOverTheSameUptime()
    {
        var (summary, path) = Gateway("fixed", "--mode", "trace", "--fixed");
        Assert.Contains("heartbeats stopped at uptime never", summary, StringComparison.Ordinal);

        var check = Run.HeapLedger(null, "check", path, "--elf", GatewayBuild.Gateway);
        Assert.True(check.ExitCode == 0, check.Out);

        // The free-heap floor over the last half is no lower than over the second quarter.
        var samples = Records.Read(path).Of('S').Select(s => (Time: Records.Hex(s[1]), Free: (long)Records.Hex(s[2]))).ToList();
        Assert.True(samples.Count > 20);
        var quarter = samples.Count / 4;
        var early = samples.Skip(quarter).Take(quarter).Min(s => s.Free);
        var late = samples.Skip(samples.Count / 2).Min(s => s.Free);
        Assert.True(late >= early - 512, $"free heap floor fell from {early} to {late}");
    }

    [Fact]
    public void AnalyzeForecastsTheHeapRunningOutAroundWhenTheGatewayWentSilent()
    {
        var (summary, _) = Gateway("unfixed", "--mode", "ledger");
        var silentDays = double.Parse(StoppedAt().Match(summary).Groups[1].Value, CultureInfo.InvariantCulture);
        const int RecordedDays = 8;
        Assert.True(RecordedDays < silentDays - 1, summary);

        // The records of the first days only, as a fielded gateway's would be before it goes silent.
        var (_, records) = Gateway("early", RecordedDays, "--mode", "ledger");
        var run = Run.HeapLedger(null, "analyze", records, "--elf", GatewayBuild.Gateway, "--format", "json");
        using var json = JsonDocument.Parse(run.Out);
        var forecast = json.RootElement.GetProperty("forecast");
        Assert.Equal("leaking", forecast.GetProperty("verdict").GetString());
        Assert.Equal("heap-samples", forecast.GetProperty("source").GetString());
        Assert.Equal(65536, forecast.GetProperty("heapSizeBytes").GetInt64());
        var exhaustionDays = RecordedDays + (forecast.GetProperty("exhaustionInHours").GetDouble() / 24);
        Assert.InRange(exhaustionDays, silentDays * 0.6, silentDays * 1.4);

        var text = Run.HeapLedger(null, "analyze", records, "--elf", GatewayBuild.Gateway);
        Assert.Matches(@"\nexhaustion forecast: leaking, [^\n]+ runs out in [\d.]+ days \([^)]+\) after the end of the trace; used heap \+[\d.]+ B/hour[^\n]* \(\d+ heap samples\)\n", text.Out);
    }

    [Fact]
    public void WithTheFixAnalyzeForecastsNoExhaustion()
    {
        var (_, records) = Gateway("fixed", "--mode", "ledger", "--fixed");

        var run = Run.HeapLedger(null, "analyze", records, "--elf", GatewayBuild.Gateway, "--format", "json");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var forecast = json.RootElement.GetProperty("forecast");
        Assert.Equal("healthy", forecast.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, forecast.GetProperty("exhaustionInHours").ValueKind);
    }

    [Fact]
    public void WatchReportsTheLeakDaysBeforeTheGatewayGoesSilent()
    {
        // Records and console lines share standard output, as they would share a UART.
        var start = new System.Diagnostics.ProcessStartInfo(GatewayBuild.Gateway)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--mode", "ledger", "--uptime-days", Days.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var gateway = System.Diagnostics.Process.Start(start)!;
        var run = Run.HeapLedger(gateway.StandardOutput.BaseStream, "watch", "-", "--elf", GatewayBuild.Gateway, "--interval", "0");
        gateway.WaitForExit();
        Assert.Equal(1, run.ExitCode);

        // Ledger mode sends one return address per site, so the leak is named at the driver's
        // allocation that the firmware fails to release (trace mode names the firmware's line).
        var firstLeak = FirstLeak().Match(run.Out);
        Assert.True(firstLeak.Success, run.Out);
        Assert.Contains("frame_from_air", firstLeak.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(FirstLeak().Matches(run.Out), m => m.Value.Contains("heartbeat", StringComparison.Ordinal));
        var leakDays = Uptime(firstLeak.Groups[1].Value);

        var (summary, _) = Gateway("unfixed", "--mode", "ledger");
        var silentDays = double.Parse(StoppedAt().Match(summary).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(leakDays < silentDays - 1, $"watch first reported the leak at {leakDays:0.0} days, the gateway went silent at {silentDays:0.0}");
    }

    /// <summary>Runs the gateway with records to a file; returns its summary line and the record file.</summary>
    private static (string Summary, string Records) Gateway(string name, params string[] args) => Gateway(name, Days, args);

    private static (string Summary, string Records) Gateway(string name, int days, params string[] args)
    {
        var records = Path.Combine(GatewayBuild.Directory, $"{name}-{Environment.CurrentManagedThreadId}-{Guid.NewGuid():n}.records");
        var run = Run.Program(GatewayBuild.Gateway, [.. args, "--uptime-days", days.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["HEAPLEDGER_OUT"] = records });
        Assert.True(run.ExitCode == 0, run.Error);
        var summary = run.Out.Split('\n').Last(l => l.Contains("summary:", StringComparison.Ordinal));
        return (summary, records);
    }

    private static double Uptime(string text)
    {
        var match = UptimeText().Match(text);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            + (TimeSpan.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture).TotalHours / 24);
    }

    [GeneratedRegex(@"heartbeats stopped at uptime \d+d [\d:]+ \(([\d.]+) days\)")]
    private static partial Regex StoppedAt();

    [GeneratedRegex(@"#define RETRY_FRAME_DEADLINE_MS (\d+)u?")]
    private static partial Regex DeadlineDefine();

    [GeneratedRegex(@"\[(\d+d [\d:]+)\] LEAK [^\n]*")]
    private static partial Regex FirstLeak();

    [GeneratedRegex(@"(\d+)d ([\d:]+)")]
    private static partial Regex UptimeText();
}
