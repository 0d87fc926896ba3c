using HeapLedger.Core.Events;

namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>One lookup to check: the address to ask the oracle about and what the resolver returned.</summary>
internal sealed record SymbolizerCase(ulong OracleAddress, IReadOnlyList<Frame> Frames, ulong ReportedAddress)
{
    /// <summary>Same frames as the oracle printed, inlined flags on all but the last, the reported address kept.</summary>
    public bool Matches(IReadOnlyList<string> oracle) =>
        Frames.Select(f => Addr2Line.Format(f.Function, f.File, f.Line)).SequenceEqual(oracle)
        && Frames.Select((f, i) => f.Inlined == (i < Frames.Count - 1)).All(ok => ok)
        && Frames.All(f => f.Address == ReportedAddress);

    public string Describe(IReadOnlyList<string> oracle) =>
        $"0x{OracleAddress:x}: addr2line [{string.Join(" | ", oracle)}], resolver [{string.Join(" | ", Frames)}]";
}
