namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>One build of the test program, with its disassembly and the extents of its own functions.</summary>
/// <param name="LoadBase">What a module offset is relative to: the first load segment's page (0 for a PIE).</param>
internal sealed record CompiledProgram(
    string Name, string Path, ulong LoadBase, Disassembly Disassembly, IReadOnlyList<(ulong Start, ulong End)> OwnFunctions)
{
    /// <summary>
    /// The instructions inside the test program's own functions: not the C runtime's, and not the
    /// alignment padding between functions (there addr2line names the preceding symbol, whatever
    /// its size; the resolver names no function rather than a wrong one).
    /// </summary>
    public IEnumerable<Disassembly.Instruction> OwnInstructions =>
        Disassembly.Instructions.Where(i => OwnFunctions.Any(f => i.Address >= f.Start && i.Address < f.End));
}
