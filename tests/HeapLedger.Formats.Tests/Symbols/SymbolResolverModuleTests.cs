using HeapLedger.Core.Events;
using HeapLedger.Formats.Symbols;
using HeapLedger.Formats.Tests.Symbols.Support;

namespace HeapLedger.Formats.Tests.Symbols;

/// <summary>Finding a module's ELF, and what the resolver says when it cannot.</summary>
[Collection(CompiledProgramsCollection.Name)]
public sealed class SymbolResolverModuleTests(CompiledPrograms programs)
{
    private const string Program = "O2-dwarf5-pie";

    private readonly List<string> warnings = [];

    private ulong Site => programs[Program].Disassembly.AllocatorReturnAddresses.First();

    [Fact]
    public void AMissingElfIsReportedOnceAndItsSitesShownAsAddresses()
    {
        var resolver = new SymbolResolver(SymbolOptions.None, warnings.Add);

        var first = resolver.Resolve("./nowhere/prog", 0x11a1, isReturnAddress: true);
        var second = resolver.Resolve("./nowhere/prog", 0x11b7, isReturnAddress: true);

        Assert.Equal(new Frame(null, null, 0, "./nowhere/prog", 0x11a1), Assert.Single(first));
        Assert.Equal(new Frame(null, null, 0, "./nowhere/prog", 0x11b7), Assert.Single(second));
        Assert.Equal(["warning: ./nowhere/prog: no such file; sites shown as addresses"], warnings);
    }

    [Fact]
    public void EachMissingModuleIsReportedOnce()
    {
        var resolver = new SymbolResolver(SymbolOptions.None, warnings.Add);

        resolver.Resolve("./a", 1, isReturnAddress: true);
        resolver.Resolve("./b", 1, isReturnAddress: true);
        resolver.Resolve("./a", 2, isReturnAddress: true);

        Assert.Equal(2, warnings.Count);
    }

    [Fact]
    public void AnElfGivenExplicitlyIsMatchedByFileName()
    {
        var resolver = new SymbolResolver(new SymbolOptions([programs[Program].Path], null), warnings.Add);

        var frames = resolver.Resolve($"/device/rootfs/bin/{Program}", Site, isReturnAddress: true);

        AssertSymbolized(frames, $"/device/rootfs/bin/{Program}");
    }

    [Fact]
    public void AModulePathIsLookedUpUnderTheSysroot()
    {
        var sysroot = Path.Combine(programs.Directory, "sysroot-by-path");
        Directory.CreateDirectory(Path.Combine(sysroot, "usr", "bin"));
        File.Copy(programs[Program].Path, Path.Combine(sysroot, "usr", "bin", "prog"), overwrite: true);
        var resolver = new SymbolResolver(new SymbolOptions([], sysroot), warnings.Add);

        AssertSymbolized(resolver.Resolve("/usr/bin/prog", Site, isReturnAddress: true), "/usr/bin/prog");
    }

    [Fact]
    public void AModuleFileNameIsLookedUpInTheSysrootWhenItsPathIsNotThere()
    {
        var sysroot = Path.Combine(programs.Directory, "sysroot-by-name");
        Directory.CreateDirectory(sysroot);
        File.Copy(programs[Program].Path, Path.Combine(sysroot, "prog"), overwrite: true);
        var resolver = new SymbolResolver(new SymbolOptions([], sysroot), warnings.Add);

        AssertSymbolized(resolver.Resolve("/opt/app/bin/prog", Site, isReturnAddress: true), "/opt/app/bin/prog");
    }

    [Fact]
    public void AnElfWithoutDebugInfoGivesSymbolNamesAndOneWarning()
    {
        var stripped = Path.Combine(programs.Directory, "no-debug-info");
        Tool.Run("objcopy", "--strip-debug", programs[Program].Path, stripped);
        var resolver = new SymbolResolver(SymbolOptions.None, warnings.Add);
        var inMakeTable = programs[Program].Disassembly.Instructions.First(i => i.Function == "make_table" && i.CallTarget == "calloc");

        var frames = resolver.Resolve(stripped, inMakeTable.Address + (ulong)inMakeTable.Length, isReturnAddress: true);
        resolver.Resolve(stripped, Site, isReturnAddress: true);

        Assert.Equal(new Frame("make_table", null, 0, stripped, inMakeTable.Address + (ulong)inMakeTable.Length), Assert.Single(frames));
        Assert.Equal([$"warning: {stripped}: no debug info; sites shown with function names only"], warnings);
    }

    [Fact]
    public void AnAddressOutsideTheCodeIsReportedAsAMismatchOnce()
    {
        var path = programs[Program].Path;
        var resolver = new SymbolResolver(SymbolOptions.None, warnings.Add);

        var frames = resolver.Resolve(path, 0x7fff_0000, isReturnAddress: true);
        resolver.Resolve(path, 0x7fff_1000, isReturnAddress: true);

        Assert.Equal(new Frame(null, null, 0, path, 0x7fff_0000), Assert.Single(frames));
        Assert.Contains("is not in its code", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void AnAbsoluteAddressWithoutAnElfIsReportedOnce()
    {
        var resolver = new SymbolResolver(SymbolOptions.None, warnings.Add);

        var frames = resolver.ResolveAbsolute(0x4008_1234, isReturnAddress: true);
        resolver.ResolveAbsolute(0x4008_1240, isReturnAddress: true);

        Assert.Equal(new Frame(null, null, 0, null, 0x4008_1234), Assert.Single(frames));
        Assert.Single(warnings);
    }

    [Fact]
    public void AReturnAddressIsLookedUpAtTheCallAndAPlainAddressAtItself()
    {
        var resolver = new SymbolResolver(SymbolOptions.None, warnings.Add);
        var path = programs[Program].Path;
        var call = programs[Program].Disassembly.Instructions.First(i => i.CallTarget == "free");
        var returnAddress = call.Address + (ulong)call.Length;

        var asReturn = resolver.Resolve(path, returnAddress, isReturnAddress: true);
        var asCall = resolver.Resolve(path, call.Address, isReturnAddress: false);

        Assert.Equal(asCall.Select(f => (f.Function, f.File, f.Line)), asReturn.Select(f => (f.Function, f.File, f.Line)));
        Assert.All(asReturn, f => Assert.Equal(returnAddress, f.Address));
        Assert.Empty(warnings);
    }

    private void AssertSymbolized(IReadOnlyList<Frame> frames, string module)
    {
        Assert.Empty(warnings);
        Assert.All(frames, f => Assert.Equal(module, f.Module));
        Assert.NotNull(frames[^1].Function);
        Assert.EndsWith(".c", frames[^1].File, StringComparison.Ordinal);
        Assert.True(frames[^1].Line > 0);
    }
}
