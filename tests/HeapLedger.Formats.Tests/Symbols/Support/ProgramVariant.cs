namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>How the test program is compiled: optimization, DWARF version, PIE or not, target.</summary>
internal sealed record ProgramVariant(string Name, IReadOnlyList<string> Flags, bool Freestanding = false)
{
    /// <summary>The functions of alloc_sites.c (any that survive as out-of-line code).</summary>
    public static readonly HashSet<string> FunctionNames =
        ["make_table", "join", "churn", "main", "copy_string", "grow", "release", "helper_alloc", "helper_alloc_zeroed"];

    public static IReadOnlyList<ProgramVariant> All { get; } =
    [
        new("O0-dwarf5-pie", ["-O0", "-g"]),
        new("O0-dwarf5-nopie", ["-O0", "-g", "-no-pie"]),
        new("O0-dwarf4-pie", ["-O0", "-gdwarf-4"]),
        new("O0-dwarf4-nopie", ["-O0", "-gdwarf-4", "-no-pie"]),
        new("O2-dwarf5-pie", ["-O2", "-g"]),
        new("O2-dwarf5-nopie", ["-O2", "-g", "-no-pie"]),
        new("O2-dwarf4-pie", ["-O2", "-gdwarf-4"]),
        new("O2-dwarf4-nopie", ["-O2", "-gdwarf-4", "-no-pie"]),
        new("O2-dwarf5-zlib", ["-O2", "-g", "-gz=zlib"]),
        new("O2-dwarf4-zstd", ["-O2", "-gdwarf-4", "-Wl,--compress-debug-sections=zstd"]),

        // ELF32: i386 needs no cross compiler, only a libc of its own.
        new("i386-O2-dwarf5", ["-m32", "-O2", "-g"], Freestanding: true),
        new("i386-O0-dwarf4", ["-m32", "-O0", "-gdwarf-4"], Freestanding: true),
    ];

    public static ProgramVariant Named(string name) => All.Single(v => v.Name == name);

    public IEnumerable<string> CompilerArguments(string output)
    {
        var arguments = new List<string>(Flags) { "-Wall", "-Wextra", "-Werror", "-o", output, "alloc_sites.c" };
        if (Freestanding)
        {
            arguments.AddRange(["-nostdlib", "-static", "-no-pie", "-fno-builtin", "freestanding_stubs.c"]);
        }

        return arguments;
    }
}
