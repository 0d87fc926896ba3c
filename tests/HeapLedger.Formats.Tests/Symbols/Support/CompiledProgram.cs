namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>One build of the test program, with its disassembly.</summary>
/// <param name="LoadBase">What a module offset is relative to: 0 for a PIE, the first load segment's page otherwise.</param>
internal sealed record CompiledProgram(string Name, string Path, ulong LoadBase, Disassembly Disassembly)
{
    /// <summary>The instructions of the test program's own functions (not the C runtime's).</summary>
    public IEnumerable<Disassembly.Instruction> OwnInstructions =>
        Disassembly.Instructions.Where(i => ProgramVariant.OwnFunctions.Contains(i.Function));
}
