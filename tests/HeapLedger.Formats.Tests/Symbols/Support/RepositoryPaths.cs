namespace HeapLedger.Formats.Tests.Symbols.Support;

/// <summary>Finds files of the repository from the test output directory.</summary>
internal static class RepositoryPaths
{
    /// <summary>The directory holding HeapLedger.slnx, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The C sources the symbolizer tests compile.</summary>
    public static string Programs => Path.Combine(Root, "tests", "HeapLedger.Formats.Tests", "Symbols", "programs");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HeapLedger.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no HeapLedger.slnx above {AppContext.BaseDirectory}");
    }
}
