namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>How the test program is compiled: compiler, optimization, DWARF version, PIE or not, target.</summary>
internal sealed record ProgramVariant(string Name, string Compiler, IReadOnlyList<string> Flags, bool Freestanding = false)
{
    /// <summary>The functions of alloc_sites.c (any that survive as out-of-line code).</summary>
    public static readonly HashSet<string> FunctionNames =
        ["make_table", "join", "churn", "main", "copy_string", "grow", "release", "helper_alloc", "helper_alloc_zeroed"];

    /// <summary>
    /// clang: its DWARF 5 uses the indexed forms (strx, addrx, rnglistx) and type units that gcc
    /// leaves out. ./test.sh installs it; when it is missing the clang variants fail, never skip.
    /// </summary>
    private static readonly string? Clang = new[] { "clang", "clang-19", "clang-18", "clang-17", "clang-16", "clang-15", "clang-14" }
        .FirstOrDefault(name => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, name))));

    public static IReadOnlyList<ProgramVariant> All { get; } =
    [
        new("O0-dwarf5-pie", "gcc", ["-O0", "-g"]),
        new("O0-dwarf5-nopie", "gcc", ["-O0", "-g", "-no-pie"]),
        new("O0-dwarf4-pie", "gcc", ["-O0", "-gdwarf-4"]),
        new("O0-dwarf4-nopie", "gcc", ["-O0", "-gdwarf-4", "-no-pie"]),
        new("O2-dwarf5-pie", "gcc", ["-O2", "-g"]),
        new("O2-dwarf5-nopie", "gcc", ["-O2", "-g", "-no-pie"]),
        new("O2-dwarf4-pie", "gcc", ["-O2", "-gdwarf-4"]),
        new("O2-dwarf4-nopie", "gcc", ["-O2", "-gdwarf-4", "-no-pie"]),
        new("O2-dwarf5-zlib", "gcc", ["-O2", "-g", "-gz=zlib"]),
        new("O2-dwarf4-zstd", "gcc", ["-O2", "-gdwarf-4", "-Wl,--compress-debug-sections=zstd"]),

        // ELF32: i386 needs no cross compiler, only a libc of its own.
        new("i386-O2-dwarf5", "gcc", ["-m32", "-O2", "-g"], Freestanding: true),
        new("i386-O0-dwarf4", "gcc", ["-m32", "-O0", "-gdwarf-4"], Freestanding: true),
        .. ClangVariants(Clang ?? "clang"),
    ];

    public IEnumerable<string> CompilerArguments(string output)
    {
        var arguments = new List<string>(Flags) { "-Wall", "-Wextra", "-Werror", "-o", output, "alloc_sites.c" };
        if (Freestanding)
        {
            arguments.AddRange(["-nostdlib", "-static", "-fno-builtin", "freestanding_stubs.c"]);
        }

        return arguments;
    }

    private static ProgramVariant[] ClangVariants(string clang) =>
    [
        new("clang-O2-dwarf5", clang, ["-O2", "-g"]),
        new("clang-O1-dwarf5-type-units", clang, ["-O1", "-g", "-fdebug-types-section"]),
        new("clang-O2-dwarf4-nopie", clang, ["-O2", "-gdwarf-4", "-no-pie"]),
        new("clang-i386-O2-dwarf5", clang, ["-m32", "-O2", "-g"], Freestanding: true),
    ];
}
