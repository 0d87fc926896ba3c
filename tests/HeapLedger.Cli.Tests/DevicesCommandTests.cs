using HeapLedger.Cli.Tests.Support;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Storage.Sqlite;

namespace HeapLedger.Cli.Tests;

public sealed class DevicesCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"heapledger-devices-{Guid.NewGuid():N}");

    public DevicesCommandTests() => Directory.CreateDirectory(_directory);

    private string Store => $"sqlite:{Path.Combine(_directory, "fleet.db")}";

    [Fact]
    public async Task DevicesAddPrintsTheTokenAloneAndStoresOnlyItsHash()
    {
        var run = CliRun.Of("devices", "add", "dev-001", "--store", Store);
        Assert.Equal(0, run.ExitCode);
        var token = run.Out.TrimEnd('\n');
        Assert.Equal(token + "\n", run.Out.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.True(Tokens.LooksLikeToken(token));
        Assert.Contains("device dev-001 added to sqlite:", run.Error, StringComparison.Ordinal);
        await using var store = await SqliteFleetStore.OpenAsync(Path.Combine(_directory, "fleet.db"), TimeProvider.System);
        Assert.Equal(Caller.Device("dev-001"), await store.FindCallerAsync(Tokens.Hash(token), CancellationToken.None));
    }

    [Fact]
    public void AHubGetsItsOwnToken()
    {
        var run = CliRun.Of("devices", "add-hub", "notehub", "--store", Store);
        Assert.Equal(0, run.ExitCode);
        Assert.True(Tokens.LooksLikeToken(run.Out.Trim()));
    }

    [Fact]
    public void ADuplicateDeviceIsExit2WithAClearMessage()
    {
        Assert.Equal(0, CliRun.Of("devices", "add", "dev-001", "--store", Store).ExitCode);
        var again = CliRun.Of("devices", "add", "dev-001", "--store", Store);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal(string.Empty, again.Out);
        Assert.StartsWith("heapledger: error: device \"dev-001\" already exists in sqlite:", again.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space", "sqlite:x.db", "heapledger: error: device id \"has space\": character 4 is not a letter, a digit or one of . _ : @ -")]
    [InlineData("dev-1", "postgres:Host=127.0.0.1;Port=1", "heapledger: error: postgres:Host=127.0.0.1;Port=1: Failed to connect to 127.0.0.1:1")]
    [InlineData("dev-1", "fleet.db", "heapledger: error: store \"fleet.db\": expected sqlite:PATH or postgres:CONNECTION_STRING")]
    [InlineData("dev-1", "sqlite:/no/such/dir/fleet.db", "heapledger: error: sqlite:/no/such/dir/fleet.db: the directory /no/such/dir does not exist")]
    public void BadIdsAndStoresAreExit2(string id, string store, string message)
    {
        var run = CliRun.Of("devices", "add", id, "--store", store);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
    }

    [Fact]
    public void ServeWithoutAStoreIsExit2()
    {
        var run = CliRun.Of("serve", "--urls", "http://127.0.0.1:0");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no store given: pass --store sqlite:PATH", run.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
