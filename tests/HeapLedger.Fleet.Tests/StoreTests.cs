using HeapLedger.Core;
using HeapLedger.Fleet.Storage;
using HeapLedger.Fleet.Storage.Sqlite;
using HeapLedger.Fleet.Tests.Support;

namespace HeapLedger.Fleet.Tests;

/// <summary>What is particular to one store or to naming one; what every store does is in <see cref="StoreContractTests"/>.</summary>
public sealed class StoreTests
{
    [Fact]
    public async Task ASqliteStoreIsInWalMode()
    {
        await using var temp = await TempStore.CreateAsync();
        Assert.Equal("wal", temp.Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task AFileThatIsNotADatabaseGivesAUserFacingError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"heapledger-notdb-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));
        try
        {
            var error = await Assert.ThrowsAsync<HeapLedgerException>(() => SqliteFleetStore.OpenAsync(path, TimeProvider.System));
            Assert.Contains($"sqlite:{path}: ", error.Message, StringComparison.Ordinal);
            Assert.Contains("not a database", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task APostgresServerThatDoesNotAnswerGivesAUserFacingErrorWithoutThePassword()
    {
        var location = StoreLocation.Parse("postgres:Host=127.0.0.1;Port=1;Username=fleet;Password=secret;Timeout=2");
        var error = await Assert.ThrowsAsync<HeapLedgerException>(() => FleetStores.OpenAsync(location, TimeProvider.System));
        Assert.StartsWith("postgres:Host=127.0.0.1;Port=1;Username=fleet;Timeout=2: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadConnectionStringIsAUserFacingError()
    {
        var error = await Assert.ThrowsAsync<HeapLedgerException>(() => FleetStores.OpenAsync(StoreLocation.Parse("postgres:Hostess=x"), TimeProvider.System));
        Assert.StartsWith("postgres:Hostess=x: not a valid connection string: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite:fleet.db", StoreKind.Sqlite, "fleet.db")]
    [InlineData("sqlite:/var/lib/heapledger/fleet.db", StoreKind.Sqlite, "/var/lib/heapledger/fleet.db")]
    [InlineData("postgres:Host=127.0.0.1;Database=fleet", StoreKind.Postgres, "Host=127.0.0.1;Database=fleet")]
    public void StoreLocationsAreReadFromTheirScheme(string text, StoreKind kind, string target) =>
        Assert.Equal(new StoreLocation(kind, target), StoreLocation.Parse(text));

    [Theory]
    [InlineData("", "no store given")]
    [InlineData("fleet.db", "store \"fleet.db\": expected sqlite:PATH or postgres:CONNECTION_STRING")]
    [InlineData("mysql:x", "store \"mysql:x\": expected sqlite:PATH or postgres:CONNECTION_STRING")]
    [InlineData("sqlite:", "no file after \"sqlite:\"")]
    [InlineData("postgres: ", "no connection string after \"postgres:\"")]
    public void BadStoreLocationsSayWhatIsExpected(string text, string message) =>
        Assert.Contains(message, Assert.Throws<HeapLedgerException>(() => StoreLocation.Parse(text)).Message, StringComparison.Ordinal);
}
