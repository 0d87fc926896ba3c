using System.Globalization;
using HeapLedger.Core;
using HeapLedger.Fleet.Identity;
using Microsoft.Data.Sqlite;

namespace HeapLedger.Fleet.Storage.Sqlite;

/// <summary>
/// The fleet in one SQLite file, in WAL mode with <c>synchronous=FULL</c>: a commit returns only
/// after the write-ahead log is on disk, so an acknowledged heartbeat survives a killed process
/// and a power cut (docs/fleet-service.md, "Durability"). Every write goes through one connection,
/// one transaction at a time (SQLite has one writer anyway, and this way nothing waits on a busy
/// lock); reads use pooled connections of their own and run beside the writer, which WAL allows.
/// </summary>
public sealed partial class SqliteFleetStore : IFleetStore
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SqliteAppender _appender;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _clock;
    private long _lastStamp;
    private int _disposed;

    private SqliteFleetStore(string path, string connectionString, SqliteConnection writer, int schemaVersion, long lastStamp, TimeProvider clock)
    {
        Location = new StoreLocation(StoreKind.Sqlite, path);
        _connectionString = connectionString;
        _writer = writer;
        _appender = new SqliteAppender(writer);
        SchemaVersion = schemaVersion;
        _lastStamp = lastStamp;
        _clock = clock;
    }

    public StoreLocation Location { get; }

    public int SchemaVersion { get; }

    /// <summary>Opens (creating it if needed) and migrates the store at <paramref name="path"/>.</summary>
    public static Task<SqliteFleetStore> OpenAsync(string path, TimeProvider clock, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(clock);
        cancel.ThrowIfCancellationRequested();
        var full = Path.GetFullPath(path);
        var where = $"sqlite:{path}";
        if (Path.GetDirectoryName(full) is { } directory && !Directory.Exists(directory))
        {
            throw new HeapLedgerException($"{where}: the directory {directory} does not exist");
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var writer = new SqliteConnection(connectionString);
        try
        {
            writer.Open();
            var mode = Scalar(writer, "PRAGMA journal_mode=WAL");
            if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new HeapLedgerException($"{where}: could not switch to WAL mode (journal_mode is {mode})");
            }

            // FULL: the WAL is synced at every commit. NORMAL would survive a killed process but
            // not a power cut, and an acknowledgement is a promise not to lose the heartbeat.
            Scalar(writer, "PRAGMA synchronous=FULL");
            var version = SqliteMigrator.Migrate(writer, clock, where);
            var lastStamp = Scalar(writer, "SELECT COALESCE(MAX(last_received_at), 0) FROM devices") is long stamp ? stamp : 0;
            return Task.FromResult(new SqliteFleetStore(full, connectionString, writer, version, lastStamp, clock));
        }
        catch (SqliteException e)
        {
            writer.Dispose();
            throw new HeapLedgerException($"{where}: {e.Message}", e);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public async Task AddDevicesAsync(IReadOnlyList<DeviceRegistration> devices, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            if (!seen.Add(device.Id))
            {
                throw new DuplicateNameException($"device \"{device.Id}\" is given twice");
            }
        }

        await WriteAsync(transaction =>
        {
            using var exists = Command(transaction, "SELECT 1 FROM devices WHERE id = $id", "$id");
            using var insert = Command(transaction, "INSERT INTO devices (id, token_hash, created_at) VALUES ($id, $hash, $at)", "$id", "$hash", "$at");
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var device in devices)
            {
                exists.Parameters[0].Value = device.Id;
                if (exists.ExecuteScalar() is not null)
                {
                    throw new DuplicateNameException($"device \"{device.Id}\" already exists in {Location}");
                }

                insert.Parameters[0].Value = device.Id;
                insert.Parameters[1].Value = device.TokenHash;
                insert.Parameters[2].Value = now;
                insert.ExecuteNonQuery();
            }

            return 0;
        }, cancel).ConfigureAwait(false);
    }

    public async Task AddHubAsync(string name, string tokenHash, CancellationToken cancel)
    {
        await WriteAsync(transaction =>
        {
            using var exists = Command(transaction, "SELECT 1 FROM hubs WHERE name = $name", "$name");
            exists.Parameters[0].Value = name;
            if (exists.ExecuteScalar() is not null)
            {
                throw new DuplicateNameException($"hub \"{name}\" already exists in {Location}");
            }

            using var insert = Command(transaction, "INSERT INTO hubs (name, token_hash, created_at) VALUES ($name, $hash, $at)", "$name", "$hash", "$at");
            insert.Parameters[0].Value = name;
            insert.Parameters[1].Value = tokenHash;
            insert.Parameters[2].Value = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            return insert.ExecuteNonQuery();
        }, cancel).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<bool>> AppendAsync(IReadOnlyList<Heartbeat> heartbeats, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(heartbeats);
        if (heartbeats.Count == 0)
        {
            return [];
        }

        return await WriteAsync(transaction => _appender.Append(transaction, heartbeats, NextStamp()), cancel).ConfigureAwait(false);
    }

    public async Task WriteCursorAsync(string job, JobCursor cursor, CancellationToken cancel)
    {
        await WriteAsync(transaction =>
        {
            using var upsert = Command(transaction, """
                INSERT INTO job_cursors (job, received_at, device) VALUES ($job, $at, $device)
                ON CONFLICT (job) DO UPDATE SET received_at = excluded.received_at, device = excluded.device
                """, "$job", "$at", "$device");
            upsert.Parameters[0].Value = job;
            upsert.Parameters[1].Value = cursor.ReceivedAt;
            upsert.Parameters[2].Value = cursor.Device;
            return upsert.ExecuteNonQuery();
        }, cancel).ConfigureAwait(false);
    }

    public async Task SaveJudgementsAsync(IReadOnlyList<Judgement> judgements, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        if (judgements.Count > 0)
        {
            await WriteAsync(transaction => SqliteJudgementWriter.Save(transaction, judgements), cancel).ConfigureAwait(false);
        }
    }

    public async Task<long> DeleteHeartbeatsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancel)
    {
        // Device by device, a few hundred per transaction, so ingest never waits long behind it;
        // each delete is a range of the (device, ...) key.
        var devices = new List<string>();
        await using (var connection = await OpenReaderAsync(cancel).ConfigureAwait(false))
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT id FROM devices ORDER BY id";
            await using var rows = await list.ExecuteReaderAsync(cancel).ConfigureAwait(false);
            while (await rows.ReadAsync(cancel).ConfigureAwait(false))
            {
                devices.Add(rows.GetString(0));
            }
        }

        var deleted = 0L;
        var before = cutoff.ToUnixTimeMilliseconds();
        foreach (var chunk in devices.Chunk(256))
        {
            deleted += await WriteAsync(transaction =>
            {
                using var sites = Command(transaction, "DELETE FROM site_samples WHERE device = $d AND seq IN (SELECT seq FROM heartbeats WHERE device = $d AND time < $t)", "$d", "$t");
                using var beats = Command(transaction, "DELETE FROM heartbeats WHERE device = $d AND time < $t", "$d", "$t");
                var count = 0L;
                foreach (var device in chunk)
                {
                    sites.Parameters[0].Value = beats.Parameters[0].Value = device;
                    sites.Parameters[1].Value = beats.Parameters[1].Value = before;
                    sites.ExecuteNonQuery();
                    count += beats.ExecuteNonQuery();
                }

                return count;
            }, cancel).ConfigureAwait(false);
        }

        return deleted;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _appender.Dispose();
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        _writeLock.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction on the writer and commits. Cancellation is
    /// honoured only while waiting for the writer: a transaction once begun is finished.
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work, CancellationToken cancel)
    {
        await _writeLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = work(transaction);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A receive stamp in Unix milliseconds, above every one before it even if the clock steps back; called under the write lock.</summary>
    private long NextStamp() => _lastStamp = Math.Max(_clock.GetUtcNow().ToUnixTimeMilliseconds(), _lastStamp + 1);

    internal async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancel)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancel).ConfigureAwait(false);
        return connection;
    }

    internal static SqliteCommand Command(SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    internal static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    internal static object Db(long? value) => value is { } v ? v : DBNull.Value;

    internal static object Db(double? value) => value is { } v && double.IsFinite(v) ? v : DBNull.Value;

    internal static object Db(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    internal static object Db(string? value) => value is null ? DBNull.Value : value;

}
