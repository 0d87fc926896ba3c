namespace HeapLedger.Formats.Tests.EspIdf;

/// <summary>Dumps as ESP-IDF 4.x and 5.x print them, leaks and all modes, read into a real ledger.</summary>
public sealed class EspIdfHeapTraceReaderTests : IDisposable
{
    private const string BootLog = """
        ESP-ROM:esp32s3-20210327
        rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)
        I (29) boot: ESP-IDF v5.2.1 2nd stage bootloader
        I (312) cpu_start: Starting scheduler on PRO CPU.
        I (400) app: 64 bytes (@ this is not a record) and "====" neither

        """;

    private const string LeaksDump = """
        ====== Heap Trace: 3 records (100 capacity) ======
            64 bytes (@ 0x3ffb8e2c, Internal) allocated CPU 0 ccount 0x1a2b3c40 caller 0x400d1234:0x400d5678
           128 bytes (@ 0x3f800010,    PSRAM) allocated CPU 1 ccount 0x1a2b4001 caller 0x400d2000:0x400d5678:
            16 bytes (@ 0x50000010) allocated CPU 0 ccount 0x1a2b5000 caller 0x400d3000:
        ====== Heap Trace Summary ======
        Mode: Heap Trace Leaks
        208 bytes 'leaked' in trace (3 allocations)
        records: 3 (100 capacity, 7 high water mark)
        total allocations: 9
        total frees: 6
        ================================

        """;

    private readonly EspIdfLog log = new();

    public void Dispose() => log.Dispose();

    [Fact]
    public void ALeaksModeDumpLeavesEveryRecordLive()
    {
        var reader = log.Read(BootLog + LeaksDump + "I (9000) app: done\n");

        Assert.Equal((3L, 0L, 208L), (log.Ledger.AllocationCount, log.Ledger.FreeCount, log.Ledger.LiveBytes));
        Assert.Equal(3, reader.Events);
        Assert.Empty(reader.Warnings);
    }

    [Fact]
    public void TheSiteIsTheFirstCallerAndTheStackKeepsTheRest()
    {
        var reader = log.Read(LeaksDump);
        var sites = log.Report(reader).Sites;

        var psram = Assert.Single(sites, s => s.LiveBytes == 128);
        Assert.Equal("fn_400d2000", psram.Function);
        Assert.Equal(["fn_400d2000", "fn_400d5678"], psram.Stack.Select(f => f.Function));
        Assert.Equal("fn_400d3000", Assert.Single(sites, s => s.LiveBytes == 16).Function);
    }

    [Fact]
    public void EachDistinctCallerListIsResolvedOnceWithOrWithoutItsTrailingColon()
    {
        var dump = """
            ====== Heap Trace: 3 records (10 capacity) ======
                 8 bytes (@ 0x3ffb0000, Internal) allocated CPU 0 ccount 0x00000100 caller 0x400d1234:0x400d5678:
                 8 bytes (@ 0x3ffb0010, Internal) allocated CPU 0 ccount 0x00000200 caller 0x400d1234:0x400d5678
                 8 bytes (@ 0x3ffb0020, Internal) allocated CPU 0 ccount 0x00000300 caller 0x400d1234:0x400d5678:
            ====== Heap Trace Summary ======
            Mode: Heap Trace Leaks
            24 bytes 'leaked' in trace (3 allocations)
            records: 3 (10 capacity, 3 high water mark)
            total allocations: 3
            total frees: 0
            ================================
            """;
        log.Read(dump);

        Assert.Equal([0x400d1234UL, 0x400d5678UL], log.Resolved);
    }

    [Fact]
    public void FreedRecordsInAllModeAreAllocationsFreedStraightAfter()
    {
        // As idf.py monitor captures it: each address decoded on a line of its own.
        var dump = """
            ====== Heap Trace: 3 records (8 capacity) ======
                 6 bytes (@ 0x3fc9f620, Internal) allocated CPU 0 ccount 0x1a31ac84 caller 0x40376321:0x42008000
            0x40376321: heap_caps_malloc at /idf/components/heap/heap_caps.c:84
            0x42008000: make_request at /app/main/net.c:40

            freed by 0x403839e4:0x42008096
            0x403839e4: free at /idf/components/newlib/heap.c:40

                12 bytes (@ 0x3fc9f620, Internal) allocated CPU 0 ccount 0x1a31bfac caller 0x40376321:0x42008100
            freed by 0x403839e4:0x0:
                24 bytes (@ 0x3fc9f698, Internal) allocated CPU 0 ccount 0x1a31e600 caller 0x40376321:0x42008200
            ====== Heap Trace Summary ======
            Mode: Heap Trace All
            24 bytes alive in trace (1/3 allocations)
            records: 3 (8 capacity, 3 high water mark)
            total allocations: 3
            total frees: 2
            ================================
            """;
        var reader = log.Read(dump);

        Assert.Equal((3L, 2L, 24L), (log.Ledger.AllocationCount, log.Ledger.FreeCount, log.Ledger.LiveBytes));
        Assert.Equal(5, reader.Events);
        Assert.Empty(reader.Warnings);
        Assert.Empty(log.Report(reader).Findings); // the reused address is not a duplicate allocation
    }

    [Fact]
    public void ARecordThatEndsInFreedIsFreed()
    {
        // RISC-V without frame pointers records no caller; the reference shape keeps one.
        var dump = """
            ====== Heap Trace: 3 records (8 capacity) ======
                 3 bytes (@ 0x3fcb26f8, Internal) allocated CPU 0 ccount 0x1e7af728 freed
                 6 bytes (@ 0x3fcb4ff0, Internal) allocated CPU 0 ccount 0x1e7afc38
                32 bytes (@ 0x3ffb8e70, Internal) allocated CPU 1 ccount 0x1a2b4001 caller 0x400d1234:0x400d5678: freed
            ====== Heap Trace Summary ======
            Mode: Heap Trace All
            6 bytes alive in trace (1/3 allocations)
            records: 3 (8 capacity, 3 high water mark)
            total allocations: 3
            total frees: 2
            ================================
            """;
        var reader = log.Read(dump);

        Assert.Equal((3L, 2L, 6L), (log.Ledger.AllocationCount, log.Ledger.FreeCount, log.Ledger.LiveBytes));
        Assert.Empty(reader.Warnings);
    }

    [Fact]
    public void A4xDumpWithItsOldHeaderAndSummaryIsRead()
    {
        var dump = """
            I (1200) app: tracing
            2 allocations trace (100 entry buffer)
            32 bytes (@ 0x3ffaf214) allocated CPU 0 ccount 0x2e9b7384 caller 0x400d276d:0x400d27c1
            0x400d276d: leak_some_memory at /app/main/blink.c:27

            0x400d27c1: blink_task at /app/main/blink.c:52

            8 bytes (@ 0x3ffaf804) allocated CPU 0 ccount 0x2e9b79c0 caller 0x400d2776:0x400d27c1
            40 bytes 'leaked' in trace (2 allocations)
            total allocations 2 total frees 0
            I (1300) app: done
            """;
        var reader = log.Read(dump);

        Assert.Equal((2L, 0L, 40L), (log.Ledger.AllocationCount, log.Ledger.FreeCount, log.Ledger.LiveBytes));
        Assert.Empty(reader.Warnings);
    }

    [Fact]
    public void A4xAllModeDumpCountsItsFreedRecords()
    {
        var dump = """
            2 allocations trace (10 entry buffer)
            32 bytes (@ 0x3ffaf214) allocated CPU 0 ccount 0x2e9b7384 caller 0x400d276d:0x400d27c1
            freed by 0x400d3000:0x400d27c1
            8 bytes (@ 0x3ffaf804) allocated CPU 1 ccount 0x2e9b79c1 caller 0x400d2776:0x400d27c1
            8 bytes alive in trace (1/2 allocations)
            total allocations 2 total frees 1
            """;
        var reader = log.Read(dump);

        Assert.Equal((2L, 1L, 8L), (log.Ledger.AllocationCount, log.Ledger.FreeCount, log.Ledger.LiveBytes));
        Assert.Empty(reader.Warnings);
    }

    [Fact]
    public void LaterDumpsAreSnapshotsOfTheSameBuffer()
    {
        var first = """
            ====== Heap Trace: 2 records (10 capacity) ======
                10 bytes (@ 0x3ffb0000, Internal) allocated CPU 0 ccount 0x00001000 caller 0x400d1000:
                20 bytes (@ 0x3ffb0100, Internal) allocated CPU 0 ccount 0x00002000 caller 0x400d2000:
            ====== Heap Trace Summary ======
            Mode: Heap Trace Leaks
            30 bytes 'leaked' in trace (2 allocations)
            records: 2 (10 capacity, 2 high water mark)
            total allocations: 2
            total frees: 0
            ================================

            """;

        // The first block was freed meanwhile; the second is listed again; a third is new.
        var second = """
            ====== Heap Trace: 2 records (10 capacity) ======
                20 bytes (@ 0x3ffb0100, Internal) allocated CPU 0 ccount 0x00002000 caller 0x400d2000:
                40 bytes (@ 0x3ffb0000, Internal) allocated CPU 1 ccount 0x00003001 caller 0x400d3000:
            ====== Heap Trace Summary ======
            Mode: Heap Trace Leaks
            60 bytes 'leaked' in trace (2 allocations)
            records: 2 (10 capacity, 3 high water mark)
            total allocations: 3
            total frees: 1
            ================================
            """;
        var reader = log.Read(first + second);

        Assert.Equal((3L, 1L, 60L), (log.Ledger.AllocationCount, log.Ledger.FreeCount, log.Ledger.LiveBytes));
        Assert.Equal(4, reader.Events);
        Assert.Empty(reader.Warnings);
        Assert.Empty(log.Report(reader).Findings);
    }

    [Fact]
    public void DumpsOfSeparateTracesAreReadInOrderAndTheRestartIsPointedOut()
    {
        var next = """
            ====== Heap Trace: 1 records (100 capacity) ======
                32 bytes (@ 0x3ffbc000, Internal) allocated CPU 0 ccount 0x7a000000 caller 0x400d1234:0x400d5678
            ====== Heap Trace Summary ======
            Mode: Heap Trace Leaks
            32 bytes 'leaked' in trace (1 allocations)
            records: 1 (100 capacity, 1 high water mark)
            total allocations: 4
            total frees: 3
            ================================
            """;
        var reader = log.Read(LeaksDump + next);

        Assert.Equal((4L, 3L, 32L), (log.Ledger.AllocationCount, log.Ledger.FreeCount, log.Ledger.LiveBytes));
        var warning = Assert.Single(reader.Warnings);
        Assert.StartsWith($"{log.Path}: 1 of the 2 dumps begin a new trace (heap_trace_start() between dumps)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void InAllModeARecordFreedSinceTheLastDumpIsFreedOnce()
    {
        const string Record = "    10 bytes (@ 0x3ffb0000, Internal) allocated CPU 0 ccount 0x00001000 caller 0x400d1000:0x400d1100";
        var live = $"====== Heap Trace: 1 records (10 capacity) ======\n{Record}\n";
        var freed = $"====== Heap Trace: 1 records (10 capacity) ======\n{Record}\nfreed by 0x400d9000:0x400d1100\n";
        var reader = log.Read(live + freed + freed);

        Assert.Equal((1L, 1L, 0L), (log.Ledger.AllocationCount, log.Ledger.FreeCount, log.Ledger.LiveBytes));
        Assert.Equal(3, reader.Warnings.Count); // no summaries
        Assert.All(reader.Warnings, w => Assert.Contains("summary; its records so far are used", w, StringComparison.Ordinal));
    }
}
