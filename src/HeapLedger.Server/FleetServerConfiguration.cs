using Microsoft.Extensions.Configuration;

namespace HeapLedger.Server;

/// <summary>
/// The layering of the service's configuration, lowest first: built-in defaults,
/// <c>appsettings.json</c> in the working directory, <c>HEAPLEDGER_*</c> environment variables
/// (<c>HEAPLEDGER_STORE</c>, <c>HEAPLEDGER_DETECTION__INTERVALSECONDS</c>), then the command line.
/// </summary>
public static class FleetServerConfiguration
{
    public const string EnvironmentPrefix = "HEAPLEDGER_";

    public static IConfiguration Build(string directory, IEnumerable<KeyValuePair<string, string?>> commandLine) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(Defaults)
            .AddJsonFile(Path.Combine(Path.GetFullPath(directory), "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(commandLine)
            .Build();

    /// <summary>Quiet by default: one line per start, stop, detection run and failure, not per request.</summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    };
}
