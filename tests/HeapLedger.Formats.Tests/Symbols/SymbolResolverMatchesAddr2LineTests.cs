using HeapLedger.Formats.Symbols;
using HeapLedger.Formats.Tests.Symbols.Support;
using Xunit.Abstractions;

namespace HeapLedger.Formats.Tests.Symbols;

/// <summary>
/// Differential tests: for builds of a test program at -O0 and -O2, DWARF 4 and 5, PIE and not,
/// compressed and not, 64- and 32-bit, the resolver must print what <c>addr2line -f -i</c> prints
/// (or, where binutils 2.40 misreads DWARF 5, what llvm-symbolizer prints).
/// </summary>
[Collection(CompiledProgramsCollection.Name)]
public sealed class SymbolResolverMatchesAddr2LineTests(CompiledPrograms programs, ITestOutputHelper output)
{
    private const ushort MachineArm = 40;

    public static TheoryData<string> Variants => [.. ProgramVariant.All.Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task EveryAllocationCallSiteResolvesLikeAddr2Line(string variant)
    {
        var program = programs[variant];
        var resolver = new SymbolResolver(SymbolOptions.None, Unexpected);
        var cases = program.Disassembly.AllocatorReturnAddresses
            .Select(a => new SymbolizerCase(a - 1, resolver.Resolve(program.Path, a - program.LoadBase, isReturnAddress: true), a - program.LoadBase))
            .ToList();

        await AssertMatchesOracleAsync(program.Path, cases, $"{variant}: allocation call sites");
        Assert.True(cases.Count >= 8, $"only {cases.Count} call sites found in {variant}");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task EveryInstructionOfTheProgramResolvesLikeAddr2Line(string variant)
    {
        var program = programs[variant];
        var resolver = new SymbolResolver(SymbolOptions.None, Unexpected);
        var cases = program.OwnInstructions
            .Select(i => new SymbolizerCase(i.Address, resolver.Resolve(program.Path, i.Address - program.LoadBase, isReturnAddress: false), i.Address - program.LoadBase))
            .ToList();

        Assert.NotEmpty(cases);
        await AssertMatchesOracleAsync(program.Path, cases, $"{variant}: instructions");
    }

    [Fact]
    public async Task AnArmElfLooksUpTheCallBeforeAThumbReturnAddress()
    {
        // An ELF32 marked as ARM: the low (Thumb) bit is cleared before stepping back into the call.
        var program = programs["i386-O2-dwarf5"];
        var arm = programs.Variant(program.Name, "arm-marked", bytes => BitConverter.TryWriteBytes(bytes.AsSpan(18), MachineArm));
        var resolver = new SymbolResolver(new SymbolOptions([arm], null), Unexpected);
        var cases = program.Disassembly.AllocatorReturnAddresses
            .Select(a => new SymbolizerCase((a & ~1UL) - 1, resolver.ResolveAbsolute(a | 1, isReturnAddress: true), a | 1))
            .ToList();

        Assert.NotEmpty(cases);
        await AssertMatchesOracleAsync(program.Path, cases, "ARM-marked ELF32: allocation call sites");
    }

    [Fact]
    public void AnAbsoluteAddressInTheElfGivenResolvesLikeTheSameModuleOffset()
    {
        var program = programs["O2-dwarf5-nopie"];
        var resolver = new SymbolResolver(new SymbolOptions([program.Path], null), Unexpected);
        var returnAddress = program.Disassembly.AllocatorReturnAddresses.First();

        var absolute = resolver.ResolveAbsolute(returnAddress, isReturnAddress: true);
        var relative = resolver.Resolve(program.Path, returnAddress - program.LoadBase, isReturnAddress: true);

        Assert.Equal(relative.Select(f => (f.Function, f.File, f.Line, f.Inlined)), absolute.Select(f => (f.Function, f.File, f.Line, f.Inlined)));
        Assert.All(absolute, f => Assert.Equal(returnAddress, f.Address));
    }

    [Fact]
    public void AnAllocationInsideTwoInlinedFunctionsYieldsTheWholeChainInnermostFirst()
    {
        var program = programs["O2-dwarf5-pie"];
        var resolver = new SymbolResolver(SymbolOptions.None, Unexpected);
        var inJoin = program.Disassembly.Instructions.First(i => i.Function == "join" && i.CallTarget == "malloc");

        var frames = resolver.Resolve(program.Path, inJoin.Address + (ulong)inJoin.Length, isReturnAddress: true);

        Assert.Equal(["helper_alloc", "copy_string", "join"], frames.Select(f => f.Function));
        Assert.Equal([true, true, false], frames.Select(f => f.Inlined));
        Assert.Equal(Path.Combine(RepositoryPaths.Programs, "include", "alloc_helpers.h"), frames[0].File);
        Assert.Equal(7, frames[0].Line);
        Assert.All(frames, f => Assert.Equal(program.Path, f.Module));
    }

    private async Task AssertMatchesOracleAsync(string program, IReadOnlyList<SymbolizerCase> cases, string what)
    {
        var expected = await Addr2Line.ResolveAsync(program, cases.Select(c => c.OracleAddress));
        var disagreements = cases.Where(c => !c.Matches(expected[c.OracleAddress])).ToList();
        var secondOpinion = disagreements.Count > 0 && LlvmSymbolizer.IsInstalled
            ? await LlvmSymbolizer.ResolveAsync(program, [.. disagreements.Select(c => c.OracleAddress)])
            : [];
        var failures = disagreements
            .Where((c, i) => i >= secondOpinion.Count || !c.Matches(secondOpinion[i]))
            .Select(c => c.Describe(expected[c.OracleAddress]))
            .ToList();

        output.WriteLine($"{what}: {cases.Count} compared, {cases.Count - disagreements.Count} as addr2line, "
            + $"{disagreements.Count - failures.Count} as llvm-symbolizer where addr2line misreads DWARF 5");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static void Unexpected(string warning) => Assert.Fail($"unexpected warning: {warning}");
}
