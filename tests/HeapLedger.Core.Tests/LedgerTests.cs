using HeapLedger.Core.Tests.Support;

namespace HeapLedger.Core.Tests;

public sealed class LedgerTests
{
    [Fact]
    public void LedgerMemoryDoesNotGrowWithTraceLength()
    {
        static long AllocatedWhileReplaying(int iterations)
        {
            var program = new SyntheticProgram();
            program.Free(program.Allocate("a", 8)); // register the sites before measuring
            program.Free(program.Allocate("b", 8));
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < iterations; i++)
            {
                program.Free(program.Allocate("a", 64));
                program.Free(program.Allocate("b", 32));
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var small = AllocatedWhileReplaying(100_000);
        var large = AllocatedWhileReplaying(1_600_000);

        // Sixteen times the events must not cost more memory: the series are fixed-size.
        Assert.True(large < small + 64 * 1024, $"{small} bytes for 100k iterations, {large} for 1.6M");
    }

    [Fact]
    public void CountsAndPeaksAreExact()
    {
        var program = new SyntheticProgram();
        var a = program.Allocate("s", 10);
        var b = program.Allocate("s", 20);
        program.Free(a);
        program.Allocate("s", 5);
        var report = program.Report();
        var site = Assert.Single(report.Sites);
        Assert.Equal((3L, 1L, 2L, 25L, 30L), (site.Allocations, site.Frees, site.LiveCount, site.LiveBytes, site.PeakLiveBytes));
        Assert.Equal((3L, 1L, 30L, 25L), (report.Summary.Allocations, report.Summary.Frees, report.Summary.PeakLiveBytes, report.Summary.LiveBytesAtEnd));
        _ = b;
    }

    [Fact]
    public void AFreeOfAnUnknownAddressIsRefusedAndRemembered()
    {
        var program = new SyntheticProgram();
        var a = program.Allocate("s", 10);
        program.Free(a);
        Assert.False(program.Ledger.FreeAddress(a));
        Assert.True(program.Ledger.WasFreed(a));
        Assert.False(program.Ledger.WasFreed(0xdead));
    }

    [Fact]
    public void AllocatorFramesAreSkippedWhenNamingTheSite()
    {
        var ledger = new Ledger.AllocationLedger();
        var stack = ledger.RegisterStack([
            new Events.Frame("operator new(unsigned long)", null, 0, "libstdc++.so.6", 1),
            new Events.Frame("make_widget", "widget.cc", 12, "app", 2),
        ]);
        ledger.Allocate(stack, 8, 0);
        var report = Reports.ReportBuilder.Build(ledger, new Reports.InputInfo("x", "test", 1), atExit: false);
        Assert.Equal("make_widget", Assert.Single(report.Sites).Function);
    }
}
