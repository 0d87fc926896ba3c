using HeapLedger.Cli.Tests.Support;

namespace HeapLedger.Cli.Tests;

/// <summary>An ESP-IDF monitor log with a heap_trace_dump() in it goes through analyze like any trace.</summary>
public sealed class EspIdfTests
{
    [Fact]
    public void AnEspIdfMonitorLogIsRecognisedAndAnalyzed()
    {
        var path = Path.Combine(TraceFactory.WorkDirectory, "esp-monitor.log");
        File.WriteAllText(path, """
            ESP-ROM:esp32s3-20210327
            I (25) boot: ESP-IDF v5.1.2 2nd stage bootloader
            I (312) cpu_start: Starting scheduler on PRO CPU.
            ====== Heap Trace: 2 records (100 capacity) ======
                64 bytes (@ 0x3ffb8e2c, Internal) allocated CPU 0 ccount 0x1a2b3c40 caller 0x400d1234:0x400d5678
               128 bytes (@ 0x3f800010,    PSRAM) allocated CPU 1 ccount 0x1a2b4001 caller 0x400d2000:0x400d5678:
            ====== Heap Trace Summary ======
            Mode: Heap Trace Leaks
            192 bytes 'leaked' in trace (2 allocations)
            records: 2 (100 capacity, 7 high water mark)
            total allocations: 9
            total frees: 7
            ================================

            """);
        var run = CliRun.Of("analyze", path, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var root = run.Json().RootElement;
        Assert.Equal("esp-idf", root.GetProperty("input").GetProperty("format").GetString());
        Assert.Equal(192, root.GetProperty("summary").GetProperty("liveBytesAtEnd").GetInt64());
        Assert.Contains("--elf", run.Error, StringComparison.Ordinal); // no firmware ELF given: addresses, with a warning
    }
}
