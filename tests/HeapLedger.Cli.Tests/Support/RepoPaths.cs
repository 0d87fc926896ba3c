namespace HeapLedger.Cli.Tests.Support;

/// <summary>Paths in the repository, found by walking up to the solution file.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Sample(string name) => Path.Combine(Root, "samples", name);

    public static string Program(string name) => Path.Combine(Root, "tests", "programs", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HeapLedger.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HeapLedger.slnx not found above " + AppContext.BaseDirectory);
    }
}
