using System.Text;
using HeapLedger.Core;
using HeapLedger.Formats.EspIdf;

namespace HeapLedger.Formats.Tests.EspIdf;

/// <summary>Garbled, cut-off, overflowed and unrecognisable logs: errors name file:line, losses become warnings.</summary>
public sealed class EspIdfHostileDumpTests : IDisposable
{
    private const string Banner = "====== Heap Trace: 2 records (100 capacity) ======\n";
    private const string Good = "    64 bytes (@ 0x3ffb8e2c, Internal) allocated CPU 0 ccount 0x1a2b3c40 caller 0x400d1234:0x400d5678\n";

    private readonly EspIdfLog log = new();

    public void Dispose() => log.Dispose();

    [Theory]
    [InlineData("    64 bytes (@ 0x3ffb8e70, Internal) allocated CPU 0 cc", "ccount")]
    [InlineData("    64 bytes (@ zz, Internal) allocated CPU 0 ccount 0x1a2b3c40 caller 0x400d1234", "address")]
    [InlineData("    64 bytes (@ 0x3ffb8e70, Internal) allocated CPU 0 ccount 0x1a2b3c40 caller 0x400d1234::0x1", "bad address")]
    [InlineData("    64 bytes (@ 0x3ffb8e70) allocated CPU 0 ccount 0x1a2b3c40 caller 0x400d1234 trailing", "bad address")]
    [InlineData("total allocations: many", "total allocations")]
    [InlineData("xyzzy", "expected a heap trace record")]
    public void AGarbledLineInADumpNamesTheFileAndLine(string garbled, string expected)
    {
        var text = "boot\n" + Banner + Good + garbled + "\n" + Good;

        var error = Assert.Throws<HeapLedgerException>(() => log.Read(text));

        Assert.StartsWith($"{log.Path}:4: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGarbledBannerIsAnError()
    {
        var error = Assert.Throws<HeapLedgerException>(() => log.Read("====== Heap Trace: lots of records ======\n" + Good));

        Assert.StartsWith($"{log.Path}:1: expected '====== Heap Trace: <n> records", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFreedByLineWithoutItsRecordIsAnError()
    {
        var error = Assert.Throws<HeapLedgerException>(() => log.Read(Banner + "freed by 0x400d1234:0x400d5678\n" + Good));

        Assert.StartsWith($"{log.Path}:2: a 'freed by' line that follows no live record", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALogCutOffInTheMiddleOfARecordKeepsTheRecordsBeforeIt()
    {
        var reader = log.Read(Banner + Good + "    32 bytes (@ 0x3ffb8e70, Inter");

        Assert.Equal(1, log.Ledger.AllocationCount);
        Assert.Equal(2, reader.Warnings.Count);
        Assert.StartsWith($"{log.Path}:3: the log ends in the middle of a line", reader.Warnings[0], StringComparison.Ordinal);
        Assert.Equal($"{log.Path}:1: heap trace dump 1: the log ends before its summary; its records so far are used", reader.Warnings[1]);
    }

    [Fact]
    public void ADumpCutShortByAPanicKeepsItsRecordsAndSaysSo()
    {
        var text = Banner + Good + "    18 bytes (@ 0x3fcb9a38, Internal) allocated CPU 0Guru Meditation Error: Core  1 panic'ed\n"
            + "rst:0xc (RTC_SW_CPU_RST),boot:0x8 (SPI_FAST_FLASH_BOOT)\nI (29) boot: ESP-IDF v5.2 2nd stage bootloader\n";

        var reader = log.Read(text);

        Assert.Equal(1, log.Ledger.AllocationCount);
        var warning = Assert.Single(reader.Warnings);
        Assert.Equal($"{log.Path}:1: heap trace dump 1: the device crashed or restarted (line 3) before the dump ended; its records so far are used", warning);
    }

    [Fact]
    public void AFullRecordBufferIsReportedAsAnOverflow()
    {
        var text = new StringBuilder("I (10) app: start\n====== Heap Trace: 4 records (4 capacity) ======\n");
        for (var i = 0; i < 4; i++)
        {
            text.Append($"    16 bytes (@ 0x3ffb{i:x4}, Internal) allocated CPU 0 ccount 0x0000{i:x2}00 caller 0x400d1234:\n");
        }

        text.Append("""
            ====== Heap Trace Summary ======
            Mode: Heap Trace Leaks
            64 bytes 'leaked' in trace (4 allocations)
            records: 4 (4 capacity, 4 high water mark)
            total allocations: 10
            total frees: 2
            (NB: Internal Buffer has overflowed, so trace data is incomplete.)
            ================================

            """);

        var reader = log.Read(text.ToString());

        Assert.Equal(4, log.Ledger.AllocationCount);
        var warning = Assert.Single(reader.Warnings);
        Assert.StartsWith($"{log.Path}:2: heap trace dump 1: the device's trace buffer overflowed (4 records, 4 capacity, high water mark 4; "
            + "10 allocations and 2 frees traced): at least 4 of the oldest records were dropped", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOverflowIsSeenFromTheCountersWhenTheNoteIsMissing()
    {
        var text = Banner + Good + "    32 bytes (@ 0x3ffb9000) allocated CPU 1 ccount 0x1a2b3c41 caller 0x400d1234\n" + """
            ====== Heap Trace Summary ======
            Mode: Heap Trace All
            96 bytes alive in trace (2/2 allocations)
            records: 2 (100 capacity, 2 high water mark)
            total allocations: 5
            total frees: 0
            ================================
            """;

        var warning = Assert.Single(log.Read(text).Warnings);

        Assert.Contains("at least 3 of the oldest records were dropped", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordLinesLostFromTheLogAreReported()
    {
        var text = Banner + Good + """
            ====== Heap Trace Summary ======
            Mode: Heap Trace Leaks
            96 bytes 'leaked' in trace (2 allocations)
            records: 2 (100 capacity, 2 high water mark)
            total allocations: 2
            total frees: 0
            ================================
            """;

        var warning = Assert.Single(log.Read(text).Warnings);

        Assert.Equal($"{log.Path}:1: heap trace dump 1: the summary counts 96 bytes in 2 live allocations, but the record lines add up to "
            + "64 bytes in 1: lines were lost from the log", warning);
    }

    [Fact]
    public void ALogWithoutADumpIsAnError()
    {
        var error = Assert.Throws<HeapLedgerException>(() => log.Read("I (29) boot: ESP-IDF v5.2 2nd stage bootloader\nI (300) app: hello\n"));

        Assert.StartsWith($"{log.Path}: no heap trace dump in 2 lines; expected the output of heap_trace_dump()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOversizedAllocationIsRefusedWithTheLimit()
    {
        var limits = TraceLimits.Default with { MaxAllocationBytes = 32 };

        var error = Assert.Throws<HeapLedgerException>(() => log.Read(Banner + Good, limits));

        Assert.Equal($"{log.Path}:2: allocation size 64 exceeds the limit of 32 bytes (TraceLimits.MaxAllocationBytes)", error.Message);
    }

    [Theory]
    [InlineData("====== Heap Trace: 12 records (100 capacity) ======\n")]
    [InlineData("some log\n2 allocations trace (100 entry buffer)\n")]
    [InlineData("    64 bytes (@ 0x3ffb8e2c, Internal) allocated CPU 0 ccount 0x1a2b3c40 caller 0x400d1234:\n")]
    [InlineData("ets Jun  8 2016 00:22:57\n\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n")]
    [InlineData("\u001b[0;32mI (29) boot: ESP-IDF v5.2 2nd stage bootloader\u001b[0m\r\n")]
    public void DeviceLogsWithDumpsOrAnEspIdfBootAreRecognised(string head) =>
        Assert.True(EspIdfHeapTraceReader.Looks(Encoding.ASCII.GetBytes(head)));

    [Theory]
    [InlineData("= Start\n@ ./a.out:[0x401136] + 0x4052a0 0x10\n")]
    [InlineData("v 10100 3\nX ./app\n")]
    [InlineData("I (300) wifi: connected\n64 bytes from 10.0.0.1: icmp_seq=1\n")]
    [InlineData("")]
    public void OtherTextIsNotTakenForAnEspIdfLog(string head) =>
        Assert.False(EspIdfHeapTraceReader.Looks(Encoding.ASCII.GetBytes(head)));
}
