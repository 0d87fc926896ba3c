namespace HeapLedger.Server.Tests.Support;

/// <summary>Where the real heapledger command is: built beside the tests (the project references HeapLedger.Cli), run by the dotnet host.</summary>
public static class CliPaths
{
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "heapledger.dll");

    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static string RepoRoot { get; } = FindRoot();

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
