using System.Globalization;

namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>
/// Class fixture: every <see cref="ProgramVariant"/> of the test program, compiled once (in
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
        await Tool.RunAsync("gcc", variant.CompilerArguments(output), RepositoryPaths.Programs);
        var disassembly = await Disassembly.ReadAsync(output);
        return new CompiledProgram(variant.Name, output, await LoadBaseAsync(output), disassembly);
    }

    private static async Task<ulong> LoadBaseAsync(string program)
    {
        var header = await Tool.RunAsync("readelf", ["-hlW", program]);
        if (!header.Contains("EXEC (Executable file)", StringComparison.Ordinal))
        {
            return 0;
        }

        var firstLoad = header.Split('\n').First(line => line.TrimStart().StartsWith("LOAD", StringComparison.Ordinal));
        var virtualAddress = firstLoad.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        return ulong.Parse(virtualAddress.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & ~0xfffUL;
    }
}
