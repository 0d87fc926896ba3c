using HeapLedger.Cli.Tests.Support;
using HeapLedger.Fleet.Simulation;

namespace HeapLedger.Cli.Tests;

public sealed class SimulateCommandTests
{
    [Theory]
    [InlineData("devices must be between 1 and 1,000,000, not 0", "--devices", "0", "--to", "sqlite:x.db")]
    [InlineData("days must be between 1 and 3650, not 0", "--days", "0", "--to", "sqlite:x.db")]
    [InlineData("say where to write", "--devices", "5")]
    [InlineData("one of them", "--to", "sqlite:x.db", "--mqtt", "localhost")]
    [InlineData("--mqtt \"localhost:http\": expected HOST or HOST:PORT", "--mqtt", "localhost:http")]
    [InlineData("--token and --register-in are for --to URL and --mqtt", "--to", "sqlite:x.db", "--token", "abc")]
    [InlineData("expected sqlite:PATH or postgres:CONNECTION_STRING", "--to", "fleet.db")]
    [InlineData("--batch must be between 1 and 10,000, not 0", "--to", "sqlite:x.db", "--batch", "0")]
    public void BadOptionsAreExit2WithAMessage(string message, params string[] args)
    {
        var run = CliRun.Of(["simulate", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void IntoASqliteStoreItWritesEveryHeartbeatAndTheTruth()
    {
        var directory = Directory.CreateTempSubdirectory("heapledger-simulate").FullName;
        try
        {
            var truth = Path.Combine(directory, "truth.csv");
            var run = CliRun.Of("simulate", "--devices", "60", "--days", "30", "--to", $"sqlite:{Path.Combine(directory, "fleet.db")}", "--truth", truth);

            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains("Simulated 60 devices over 30 days from 2026-01-05 (seed 1)", run.Out, StringComparison.Ordinal);
            Assert.Contains("0 rejected", run.Out, StringComparison.Ordinal);
            Assert.Contains("heartbeats (100%)", run.Error, StringComparison.Ordinal);
            var rows = File.ReadAllLines(truth);
            Assert.Equal(TruthCsv.Header, rows[0]);
            Assert.Equal(61, rows.Length);
            Assert.All(rows.Skip(1).Where(r => r.Split(',')[6] == "true"), r => Assert.Contains(",2.3.0,", r, StringComparison.Ordinal));

            // Again into the same store: the devices exist and every heartbeat is already there.
            var again = CliRun.Of("simulate", "--devices", "60", "--days", "30", "--to", $"sqlite:{Path.Combine(directory, "fleet.db")}");
            Assert.True(again.ExitCode == 0, again.Error);
            Assert.Contains("(0 stored, ", again.Out, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
