using HeapLedger.Core.Events;
using HeapLedger.Formats.Symbols;
using HeapLedger.Formats.Tests.Symbols.Support;
using Xunit.Abstractions;

namespace HeapLedger.Formats.Tests.Symbols;

/// <summary>
/// Differential tests: for builds of a test program at -O0 and -O2, DWARF 4 and 5, PIE and not,
/// compressed and not, 64- and 32-bit, the resolver must print what <c>addr2line -f -i</c> prints.
/// </summary>
public sealed class SymbolResolverMatchesAddr2LineTests(CompiledPrograms programs, ITestOutputHelper output)
    : IClassFixture<CompiledPrograms>
{
    private const ushort MachineArm = 40;

    public static TheoryData<string> Variants => [.. ProgramVariant.All.Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task EveryAllocationCallSiteResolvesLikeAddr2Line(string variant)
    {
        var program = programs[variant];
        var returnAddresses = program.Disassembly.AllocatorReturnAddresses.ToList();
        var expected = await Addr2Line.ResolveAsync(program.Path, returnAddresses.Select(a => a - 1));
        var resolver = new SymbolResolver(SymbolOptions.None, Unexpected);

        var mismatches = returnAddresses
            .Select(a => Compare(a, expected[a - 1], resolver.Resolve(program.Path, a - program.LoadBase, isReturnAddress: true)))
            .OfType<string>().ToList();

        output.WriteLine($"{variant}: {returnAddresses.Count} allocation call sites compared");
        Assert.True(returnAddresses.Count >= 8, $"only {returnAddresses.Count} call sites found in {variant}");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task EveryInstructionOfTheProgramResolvesLikeAddr2Line(string variant)
    {
        var program = programs[variant];
        var addresses = program.OwnInstructions.Select(i => i.Address).ToList();
        var expected = await Addr2Line.ResolveAsync(program.Path, addresses);
        var resolver = new SymbolResolver(SymbolOptions.None, Unexpected);

        var mismatches = addresses
            .Select(a => Compare(a, expected[a], resolver.Resolve(program.Path, a - program.LoadBase, isReturnAddress: false)))
            .OfType<string>().ToList();

        output.WriteLine($"{variant}: {addresses.Count} instructions compared");
        Assert.NotEmpty(addresses);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task AnArmElfLooksUpTheCallBeforeAThumbReturnAddress()
    {
        // An ELF32 marked as ARM: the low (Thumb) bit is cleared before stepping back into the call.
        var program = programs["i386-O2-dwarf5"];
        var arm = programs.Variant(program.Name, "arm-marked", bytes => BitConverter.TryWriteBytes(bytes.AsSpan(18), MachineArm));
        var returnAddresses = program.Disassembly.AllocatorReturnAddresses.ToList();
        var expected = await Addr2Line.ResolveAsync(program.Path, returnAddresses.Select(ThumbCall));
        var resolver = new SymbolResolver(new SymbolOptions([arm], null), Unexpected);

        var mismatches = returnAddresses
            .Select(a => Compare(a, expected[ThumbCall(a)], resolver.ResolveAbsolute(a | 1, isReturnAddress: true), a | 1))
            .OfType<string>().ToList();

        Assert.NotEmpty(returnAddresses);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));

        static ulong ThumbCall(ulong returnAddress) => (returnAddress & ~1UL) - 1;
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
        Assert.EndsWith("/include/alloc_helpers.h", frames[0].File, StringComparison.Ordinal);
        Assert.Equal(7, frames[0].Line);
        Assert.All(frames, f => Assert.Equal(program.Path, f.Module));
    }

    /// <summary>A description of the difference, or null when the frames match addr2line's.</summary>
    private static string? Compare(ulong address, IReadOnlyList<string> expected, IReadOnlyList<Frame> frames, ulong? reportedAddress = null)
    {
        var actual = frames.Select(f => Addr2Line.Format(f.Function, f.File, f.Line)).ToList();
        var inlinedFlagsRight = frames.Select((f, i) => f.Inlined == (i < frames.Count - 1)).All(ok => ok);
        var addressKept = frames.All(f => f.Address == (reportedAddress ?? f.Address));
        if (actual.SequenceEqual(expected) && inlinedFlagsRight && addressKept)
        {
            return null;
        }

        return $"0x{address:x}: expected [{string.Join(" | ", expected)}], got [{string.Join(" | ", frames)}]";
    }

    private static void Unexpected(string warning) => Assert.Fail($"unexpected warning: {warning}");
}
