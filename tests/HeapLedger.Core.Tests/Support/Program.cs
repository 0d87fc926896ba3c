using HeapLedger.Core.Events;
using HeapLedger.Core.Ledger;
using HeapLedger.Core.Reports;
using HeapLedger.Core.Verdicts;

namespace HeapLedger.Core.Tests.Support;

/// <summary>
/// A synthetic program: named sites that allocate and free by address through a real
/// <see cref="AllocationLedger"/>, so verdict tests state a pattern and read back its verdict.
/// </summary>
public sealed class SyntheticProgram
{
    private readonly AllocationLedger ledger = new();
    private readonly Dictionary<string, int> stacks = [];
    private readonly Stack<ulong> freeAddresses = new();
    private ulong nextAddress = 0x1000;

    public AllocationLedger Ledger => ledger;

    public ulong Allocate(string site, long size)
    {
        if (!stacks.TryGetValue(site, out var stack))
        {
            stack = ledger.RegisterStack([new Frame(site, "prog.c", stacks.Count + 1, "prog", (ulong)stacks.Count)]);
            stacks[site] = stack;
        }

        // Like a real allocator, freed addresses are handed out again.
        if (!freeAddresses.TryPop(out var address))
        {
            address = nextAddress;
            nextAddress += 16;
        }

        ledger.Allocate(stack, size, address);
        return address;
    }

    public void Free(ulong address)
    {
        Assert.True(ledger.FreeAddress(address));
        freeAddresses.Push(address);
    }

    public void Tick(long milliseconds) => ledger.AdvanceTime(milliseconds);

    public AnalysisReport Report() => ReportBuilder.Build(ledger, new InputInfo("synthetic", "test", 0), atExit: false);

    public static Verdict VerdictOf(AnalysisReport report, string site) =>
        report.Sites.Single(s => s.Function == site).Verdict;
}
