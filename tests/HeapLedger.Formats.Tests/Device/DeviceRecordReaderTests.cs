using System.Text;
using HeapLedger.Core;
using HeapLedger.Core.Events;
using HeapLedger.Core.Verdicts;
using HeapLedger.Formats.Device;
using HeapLedger.Formats.Mtrace;

namespace HeapLedger.Formats.Tests.Device;

public sealed class DeviceRecordReaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("heapledger-device-").FullName;
    private uint sequence;

    [Fact]
    public void TheChecksumIsCrc16CcittFalse() =>
        Assert.Equal(0x29B1, Crc16.Compute("123456789"u8));

    [Fact]
    public void RecordsArePickedOutOfAConsoleLogAndReplayed()
    {
        var log = new StringBuilder();
        log.AppendLine("[00:00:00.000] boot, firmware 1.2.3");
        log.AppendLine(Record("H 1 trace abcdef 0"));
        log.AppendLine(Record("A 1 1000 20000000 40"));
        log.AppendLine("[00:00:00.002] modem: link up");
        log.AppendLine("[00:00:00.003] " + Record("A 2 2000 20000100 10"));
        log.AppendLine(Record("F 3 3000 20000000"));
        log.AppendLine(Record("R 4 1000 20000100 20000200 30"));
        var report = Analyze(log.ToString());

        Assert.Equal("device", report.Input.Format);
        Assert.Equal((3L, 2L, 0x30L), (report.Summary.Allocations, report.Summary.Frees, report.Summary.LiveBytesAtEnd));
        Assert.Equal("abcdef", report.Device!.BuildId);
        Assert.Empty(report.Input.Warnings!);
        var site = Assert.Single(report.Sites, s => s.LiveBytes > 0);
        Assert.Equal("fn_1000", site.Function);
    }

    [Fact]
    public void CorruptLinesAndGapsAreCountedAndReported()
    {
        var log = new StringBuilder();
        log.AppendLine(Record("H 1 trace - 0"));
        log.AppendLine(Record("A 1 1000 20000000 40").Replace(" 40 ", " 41 ", StringComparison.Ordinal)); // damaged in transit
        sequence += 3; // three records lost
        log.AppendLine(Record("A 2 1000 20000040 40"));
        var report = Analyze(log.ToString());

        Assert.Equal(1, report.Device!.CorruptRecords);
        Assert.Equal(4, report.Device.MissingRecords); // the damaged one and the three lost
        Assert.Contains(report.Input.Warnings!, w => w.Contains("1 record lines failed their checksum", StringComparison.Ordinal));
        Assert.Contains(report.Input.Warnings!, w => w.Contains("4 records missing", StringComparison.Ordinal));
        Assert.Equal(1, report.Summary.Allocations);
    }

    [Fact]
    public void GuardErrorsAndContractViolationsBecomeFindings()
    {
        var log = new StringBuilder();
        log.AppendLine(Record("H 1 trace - 0"));
        log.AppendLine(Record("G 5 double-free 4000 20000000 1000"));
        log.AppendLine(Record("G 6 tail-corrupt 4000 20000100 1000"));
        log.AppendLine(Record("C 1388 20000200 1000 1390 modem rx"));
        log.AppendLine(Record("O 1400 sites 3"));
        var findings = Analyze(log.ToString()).Findings;

        Assert.Contains(findings, f => f.Kind == FindingKind.DoubleFree && f.Site == "fn_4000" && f.Message.Contains("allocated at fn_1000", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Kind == FindingKind.HeapCorruption);
        var contract = Assert.Single(findings, f => f.Kind == FindingKind.ContractViolation);
        Assert.Contains("5008 ms", contract.Message, StringComparison.Ordinal);
        Assert.Contains("\"modem rx\"", contract.Message, StringComparison.Ordinal);
        Assert.Contains(findings, f => f.Kind == FindingKind.TableOverflow && f.Message.Contains("sites table", StringComparison.Ordinal));
    }

    [Fact]
    public void LedgerSnapshotsAloneTellALeakingSiteFromAFlatOne()
    {
        var log = new StringBuilder();
        log.AppendLine(Record("H 1 ledger - 0"));
        for (var i = 1; i <= 200; i++)
        {
            var time = (i * 1000).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            var leakedFrames = i / 3;
            log.AppendLine(Record($"L {time} 1000 {i * 10:x} {(i * 10) - leakedFrames:x} {leakedFrames:x} {leakedFrames * 128:x} {leakedFrames * 128:x}"));
            log.AppendLine(Record($"L {time} 2000 {i * 7:x} {(i * 7) - 4:x} 4 100 180"));
            log.AppendLine(Record($"S {time} {0x10000 - (leakedFrames * 128):x} 0 0 10000"));
        }

        var report = Analyze(log.ToString());
        Assert.Equal(Verdict.Leak, report.Sites.Single(s => s.Function == "fn_1000").Verdict);
        Assert.NotEqual(Verdict.Leak, report.Sites.Single(s => s.Function == "fn_2000").Verdict);
        Assert.Equal(200 * 17, report.Summary.Allocations);
        Assert.Equal(0x10000 - (66 * 128), report.Device!.LowestFreeBytes);
    }

    [Fact]
    public void CallersAfterTheSiteMakeAStackAndVendorFramesAreSkippedForTheSite()
    {
        var log = new StringBuilder();
        log.AppendLine(Record("H 1 trace - 0"));
        log.AppendLine(Record("A 1 1000 20000000 40 2000 3000"));
        var report = Analyze(log.ToString(), address => address == 0x1000 ? "third_party/modem/driver.c" : "app/comm.c");
        var site = Assert.Single(report.Sites);
        Assert.Equal("fn_2000", site.Function);
        Assert.Equal(["fn_1000", "fn_2000", "fn_3000"], site.Stack.Select(f => f.Function));
    }

    [Fact]
    public void ARebootReleasesWhatTheDeviceHeld()
    {
        var log = new StringBuilder();
        log.AppendLine(Record("H 1 trace - 0"));
        log.AppendLine(Record("A 10 1000 20000000 40"));
        sequence = 0;
        log.AppendLine(Record("H 1 trace - 0"));
        log.AppendLine(Record("A 5 1000 20000000 40"));
        var report = Analyze(log.ToString());
        Assert.Equal(1, report.Device!.Reboots);
        Assert.Equal(0x40, report.Summary.LiveBytesAtEnd);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void ARecordWithAGoodChecksumButBadFieldsIsAnErrorNamingTheLine()
    {
        var log = "boot\n" + Record("H 1 trace - 0") + "\n" + Record("A 1 zz 20000000 40") + "\n";
        var error = Assert.Throws<HeapLedgerException>(() => Analyze(log));
        Assert.Contains("device.log:3: bad site \"zz\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFormatVersionIsRefused()
    {
        var error = Assert.Throws<HeapLedgerException>(() => Analyze(Record("H 2 trace - 0") + "\n"));
        Assert.Contains("version 2 is not supported", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Record(string body)
    {
        var text = $"#HL {sequence++:x} {body}";
        return $"{text} *{Crc16.Compute(Encoding.ASCII.GetBytes(text)):x4}";
    }

    private Core.Reports.AnalysisReport Analyze(string text, Func<ulong, string?>? fileOf = null)
    {
        var path = Path.Combine(dir, "device.log");
        File.WriteAllText(path, text);
        CallerResolver resolve = (module, address, symbol) => [new Frame($"fn_{address:x}", fileOf?.Invoke(address), fileOf is null ? 0 : 10, module, address)];
        return TraceAnalysis.Analyze(path, new AnalyzeOptions(resolve, AtExit: false, TraceLimits.Default));
    }
}
