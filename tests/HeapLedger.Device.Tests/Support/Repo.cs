namespace HeapLedger.Device.Tests.Support;

public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HeapLedger.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HeapLedger.slnx not found above " + AppContext.BaseDirectory);
    }
}
