using System.Globalization;

namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>
/// Collection fixture: every <see cref="ProgramVariant"/> of the test program, compiled once (in
/// parallel) into a temporary directory that is deleted afterwards.
/// </summary>
public sealed class CompiledPrograms : IAsyncLifetime
{
    private readonly Dictionary<string, CompiledProgram> programs = [];

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"heapledger-symbols-{Guid.NewGuid():N}");

    internal CompiledProgram this[string name] => programs[name];

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var built = await Task.WhenAll(ProgramVariant.All.Select(BuildAsync));
        foreach (var program in built)
        {
            programs.Add(program.Name, program);
        }
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>A copy of a compiled program, changed by <paramref name="edit"/>, in the fixture's directory.</summary>
    internal string Variant(string name, string copyName, Action<byte[]> edit)
    {
        var bytes = File.ReadAllBytes(programs[name].Path);
        edit(bytes);
        var path = Path.Combine(Directory, copyName);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private async Task<CompiledProgram> BuildAsync(ProgramVariant variant)
    {
        var output = Path.Combine(Directory, variant.Name);
        await Tool.RunAsync(variant.Compiler, variant.CompilerArguments(output), RepositoryPaths.Programs);
        var disassembly = await Disassembly.ReadAsync(output);
        return new CompiledProgram(variant.Name, output, await LoadBaseAsync(output), disassembly, await OwnFunctionsAsync(output));
    }

    /// <summary>The page of the first load segment: where the module's mapping, and so its offsets, start.</summary>
    private static async Task<ulong> LoadBaseAsync(string program)
    {
        var segments = await Tool.RunAsync("readelf", ["-lW", program]);
        var firstLoad = segments.Split('\n').First(line => line.TrimStart().StartsWith("LOAD", StringComparison.Ordinal));
        var virtualAddress = firstLoad.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        return Hex(virtualAddress[2..]) & ~0xfffUL;
    }

    /// <summary>[start, end) of each function of alloc_sites.c that has code of its own, from its symbol.</summary>
    private static async Task<IReadOnlyList<(ulong Start, ulong End)>> OwnFunctionsAsync(string program)
    {
        var symbols = await Tool.RunAsync("nm", ["-S", "--defined-only", program]);
        return [.. symbols.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 4 && ProgramVariant.FunctionNames.Contains(fields[3]))
            .Select(fields => (Start: Hex(fields[0]), Size: Hex(fields[1])))
            .Select(f => (f.Start, f.Start + f.Size))];
    }

    private static ulong Hex(string text) => ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
