using System.Buffers.Binary;
using HeapLedger.Core.Events;
using HeapLedger.Formats.Symbols;
using HeapLedger.Formats.Tests.Symbols.Support;

namespace HeapLedger.Formats.Tests.Symbols;

/// <summary>
/// Truncated, garbled and lying ELF and DWARF files: each costs a warning and address-only
/// frames (a symbol-table name at most), never an exception, a hang or a huge allocation.
/// </summary>
[Collection(CompiledProgramsCollection.Name)]
public sealed class HostileElfTests(CompiledPrograms programs)
{
    private const string Program = "O2-dwarf5-pie";

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(52)]
    [InlineData(64)]
    [InlineData(4096)]
    [InlineData(-200)]
    [InlineData(-1)]
    public void ATruncatedElfGivesAddressOnlyFramesAndOneWarning(int keep)
    {
        var path = programs.Variant(Program, $"truncated-{keep}", _ => { });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);

        var (frames, warnings) = ResolveFirstCallSite(path);

        AssertAddressOnly(frames, path);
        Assert.Contains(path, Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void GarbageBytesAreReportedAsNotAnElf()
    {
        var path = Path.Combine(programs.Directory, "garbage");
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var (frames, warnings) = ResolveFirstCallSite(path);

        AssertAddressOnly(frames, path);
        Assert.Equal($"warning: {path}: not an ELF file; sites shown as addresses", Assert.Single(warnings));
    }

    [Theory]
    [InlineData("reserved unit length", 0, 0xfffffff0u)]
    [InlineData("length past the section", 0, 0x7ffffff0u)]
    [InlineData("unknown version", 4, 0x00090009u)]
    [InlineData("zero line range", 16, 0u)]
    public void ACorruptLineTableCostsFileAndLineWithOneWarning(string what, int at, uint value)
    {
        var path = programs.Variant(Program, $"bad-line-{what.Replace(' ', '-')}", bytes =>
        {
            var (_, offset, _) = SectionLocator.Find(programs[Program].Path, ".debug_line");
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset + at), value);
        });

        var warnings = new List<string>();
        var resolver = new SymbolResolver(new SymbolOptions([path], null), warnings.Add);
        var sites = programs[Program].Disassembly.AllocatorReturnAddresses.ToList();
        var frames = sites.Select(a => resolver.Resolve(path, a, isReturnAddress: true)).ToList();

        Assert.All(frames, f => Assert.Null(Assert.Single(f).File));
        Assert.Contains(frames, f => f[0].Function is not null);
        var warning = Assert.Single(warnings);
        Assert.Contains("corrupt debug info", warning, StringComparison.Ordinal);
        Assert.Contains(".debug_line", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reserved unit length", 0, 0xfffffff5u)]
    [InlineData("abbreviations past the section", 8, 0x7fffffffu)]
    [InlineData("address size 3", 6, 0x00000301u)]
    public void ACorruptUnitHeaderCostsTheDebugInfoWithOneWarning(string what, int at, uint value)
    {
        var path = programs.Variant(Program, $"bad-info-{what.Replace(' ', '-')}", bytes =>
        {
            var (_, offset, _) = SectionLocator.Find(programs[Program].Path, ".debug_info");
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset + at), value);
        });

        var (frames, warnings) = ResolveFirstCallSite(path);

        Assert.Null(Assert.Single(frames).File);
        Assert.Contains("corrupt debug info", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void ASectionLargerThanTheFileIsReportedNotRead()
    {
        var path = programs.Variant(Program, "huge-section", bytes =>
        {
            var (index, _, _) = SectionLocator.Find(programs[Program].Path, ".debug_info");
            var table = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(0x28));
            var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x3a));
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(table + (index * entrySize) + 32), 0x10_0000UL);
        });

        var (frames, warnings) = ResolveFirstCallSite(path);

        Assert.Null(Assert.Single(frames).File);
        Assert.Contains("outside the file", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x3fff_0000UL, "header says")]
    [InlineData(0x1_0000_0000UL, "exceeds the limit")]
    public void ACompressedSectionClaimingAHugeSizeAllocatesOnlyWhatItHolds(ulong claimedSize, string expected)
    {
        const string compressed = "O2-dwarf5-zlib";
        var path = programs.Variant(compressed, $"zlib-bomb-{claimedSize:x}", bytes =>
        {
            var (_, offset, _) = SectionLocator.Find(programs[compressed].Path, ".debug_info");
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(offset + 8), claimedSize);
        });

        var before = GC.GetAllocatedBytesForCurrentThread();
        var (frames, warnings) = ResolveFirstCallSite(path, compressed);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(Assert.Single(frames).File);
        Assert.Contains(expected, Assert.Single(warnings), StringComparison.Ordinal);
        Assert.True(allocated < 16 << 20, $"{allocated} bytes allocated");
    }

    [Theory]
    [InlineData("big-endian", 5, 2, "big-endian")]
    [InlineData("mips", 18, 8, "unsupported ELF machine 8")]
    [InlineData("class 3", 4, 3, "unsupported ELF class 3")]
    [InlineData("relocatable", 16, 1, "a relocatable object")]
    public void AnElfOfAnotherKindIsReportedAsUnsupported(string what, int at, byte value, string expected)
    {
        var path = programs.Variant(Program, what.Replace(' ', '-'), bytes => bytes[at] = value);

        var (frames, warnings) = ResolveFirstCallSite(path);

        AssertAddressOnly(frames, path);
        Assert.Contains(expected, Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void RandomlyCorruptedFilesNeverThrowNorHitAnUnexpectedError()
    {
        var original = File.ReadAllBytes(programs[Program].Path);
        var (_, debugStart, _) = SectionLocator.Find(programs[Program].Path, ".debug_info");
        var sites = programs[Program].Disassembly.AllocatorReturnAddresses.ToList();
        var path = Path.Combine(programs.Directory, "fuzzed");
        for (var seed = 0; seed < 300; seed++)
        {
            var random = new Random(seed);
            var bytes = (byte[])original.Clone();

            // Mostly the debug sections, symbol tables and section headers; sometimes the ELF header.
            var from = seed % 10 == 0 ? 0 : debugStart;
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(from, bytes.Length)] = (byte)random.Next(256);
            }

            File.WriteAllBytes(path, bytes);
            var resolver = new SymbolResolver(new SymbolOptions([path], null), warning =>
                Assert.DoesNotContain("cannot read symbols", warning, StringComparison.Ordinal));
            foreach (var site in sites)
            {
                var frames = resolver.Resolve(path, site, isReturnAddress: true);
                Assert.NotEmpty(frames);
                Assert.All(frames, f => Assert.Equal(site, f.Address));
            }
        }
    }

    private (IReadOnlyList<Frame> Frames, List<string> Warnings) ResolveFirstCallSite(string path, string program = Program)
    {
        var warnings = new List<string>();
        var resolver = new SymbolResolver(new SymbolOptions([path], null), warnings.Add);
        var site = programs[program].Disassembly.AllocatorReturnAddresses.First();
        return (resolver.Resolve(path, site, isReturnAddress: true), warnings);
    }

    private void AssertAddressOnly(IReadOnlyList<Frame> frames, string module)
    {
        var site = programs[Program].Disassembly.AllocatorReturnAddresses.First();
        Assert.Equal(new Frame(null, null, 0, module, site), Assert.Single(frames));
    }
}
