using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using HeapLedger.Detection;
using HeapLedger.Detection.Evaluation;
using HeapLedger.Detection.Series;
using HeapLedger.Fleet;
using HeapLedger.Fleet.Identity;
using HeapLedger.Fleet.Judging;
using HeapLedger.Fleet.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HeapLedger.Bench.Fleet;

/// <summary>
/// Loads a synthetic fleet (<c>heapledger eval --write</c>) into an empty store through its own
/// append path (registering each device as it comes, 10,000 heartbeats per call), then runs the
/// detection job once over every device and times both; reports the store's size per device-day.
/// </summary>
internal static class JobVerb
{
    private const int HeartbeatsPerAppend = 10_000;

    public static async Task<int> RunAsync(Arguments options)
    {
        var location = StoreLocation.Parse(options.Text("store"));
        var csv = options.Text("csv");
        await using var store = await FleetStores.OpenAsync(location, TimeProvider.System);

        var chunks = Channel.CreateBounded<List<DeviceSeries>>(8);
        var tally = new Lock();
        var reader = Task.Run(async () =>
        {
            await using var stream = File.OpenRead(csv);
            var current = new List<DeviceSeries>();
            var size = 0;
            if (!new HeapSeriesReader(stream, csv, HeapSeriesFormat.Csv).TryReadGrouped(series =>
            {
                current.Add(series);
                size += series.Points.Count;
                if (size >= HeartbeatsPerAppend)
                {
                    chunks.Writer.WriteAsync(current).AsTask().GetAwaiter().GetResult();
                    current = [];
                    size = 0;
                }
            }))
            {
                throw new InvalidOperationException($"{csv} is not grouped by device");
            }

            if (current.Count > 0)
            {
                await chunks.Writer.WriteAsync(current);
            }

            chunks.Writer.Complete();
        });

        var load = Stopwatch.StartNew();
        var heartbeats = 0L;
        var devices = 0;
        var span = TimeSpan.Zero;
        // SQLite has one writer; PostgreSQL takes two appends at once (one per core).
        var writers = location.Kind == StoreKind.Sqlite ? 1 : 2;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            await foreach (var chunk in chunks.Reader.ReadAllAsync())
            {
                await store.AddDevicesAsync([.. chunk.Select(s => new DeviceRegistration(s.Device, Tokens.Hash(Tokens.New())))], CancellationToken.None);
                var beats = chunk.SelectMany(s => s.Points.Select((p, i) => new Heartbeat(s.Device, i, p.Time, p.UptimeSeconds, p.Free, p.MinimumFree, p.LargestFree, p.HeapSize, [],
                    i == s.Points.Count - 1 ? s.Attributes : new Dictionary<string, string>()))).ToList();
                await store.AppendAsync(beats, CancellationToken.None);
                lock (tally)
                {
                    heartbeats += beats.Count;
                    devices += chunk.Count;
                    foreach (var s in chunk)
                    {
                        span += s.Points[^1].Time - s.Points[0].Time;
                    }
                }
            }
        })));
        await reader;
        var loadSeconds = load.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load: {devices} devices, {heartbeats} heartbeats through AppendAsync in {loadSeconds:F1} s ({heartbeats / loadSeconds:F0}/s)"));

        var job = new DetectionJob(store, DetectionJobOptions.Default with { ReserveBytes = FleetOptions.DefaultReserveBytes }, TimeProvider.System);
        var run = await job.RunOnceAsync(CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"job: judged {run.Judged} devices ({run.Leaking} leaking) in {run.Elapsed.TotalSeconds:F1} s"));

        var bytes = await SizeAsync(location);
        var deviceDays = span.TotalDays;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"size: {bytes / 1048576.0:F0} MiB for {deviceDays:F0} device-days: {bytes / deviceDays / 1024:F1} KiB per device-day ({bytes / (double)heartbeats:F0} bytes per heartbeat)"));
        return 0;
    }

    private static async Task<long> SizeAsync(StoreLocation location)
    {
        if (location.Kind == StoreKind.Sqlite)
        {
            await using var connection = new SqliteConnection($"Data Source={location.Target}");
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
            return new FileInfo(location.Target).Length;
        }

        await using var pg = new NpgsqlConnection(location.Target);
        await pg.OpenAsync();
        await using var command = new NpgsqlCommand("CHECKPOINT; SELECT pg_database_size(current_database())", pg);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
