using HeapLedger.Core;
using Npgsql;

namespace HeapLedger.Fleet.Storage.Postgres;

/// <summary>
/// The fleet in a PostgreSQL database, through a pool of connections (one
/// <see cref="NpgsqlDataSource"/>). Every connection runs with <c>synchronous_commit=on</c>
/// whatever the server's default, so a commit returns only after its WAL record is flushed:
/// an acknowledged heartbeat survives a killed service and a crashed database server alike
/// (docs/fleet-service.md, "Durability"). Unlike SQLite, writes run concurrently, each on a
/// connection of its own; the appender orders its locks so that they cannot deadlock, and the
/// detection job's cursor follows transaction ids rather than a clock (see
/// <see cref="DevicesReportedAfterAsync"/>).
/// </summary>
public sealed partial class PostgresFleetStore : IFleetStore
{
    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _clock;

    private PostgresFleetStore(NpgsqlDataSource source, StoreLocation location, int schemaVersion, TimeProvider clock)
    {
        _source = source;
        Location = location;
        SchemaVersion = schemaVersion;
        _clock = clock;
    }

    public StoreLocation Location { get; }

    public int SchemaVersion { get; }

    /// <summary>
    /// Group commits run in parallel: one backend commits about 35,000 heartbeats/s in batches
    /// and the rest of the machine waits (bench/README.md, "Fleet ingest"); heartbeats of one
    /// device in two groups at once are serialized by the devices' row locks, taken in order.
    /// </summary>
    public int ConcurrentAppends => Math.Clamp(Environment.ProcessorCount * 2, 2, 8);

    /// <summary>Connects to the database <paramref name="connectionString"/> names and migrates it; the database must exist.</summary>
    public static async Task<PostgresFleetStore> OpenAsync(string connectionString, TimeProvider clock, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(clock);
        var location = new StoreLocation(StoreKind.Postgres, connectionString);
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new HeapLedgerException($"{location}: not a valid connection string: {e.Message}", e);
        }

        var settings = builder.ConnectionStringBuilder;
        settings.Options = $"{settings.Options} -c synchronous_commit=on".Trim();
        // The appender's staging tables live as long as the connection; nothing else changes
        // session state, so a pooled connection needs no DISCARD ALL between uses.
        settings.NoResetOnClose = true;
        settings.ApplicationName ??= "heapledger";
        var source = builder.Build();
        try
        {
            await using var connection = await source.OpenConnectionAsync(cancel).ConfigureAwait(false);
            var version = await PostgresMigrator.MigrateAsync(connection, clock, location.ToString(), cancel).ConfigureAwait(false);
            return new PostgresFleetStore(source, location, version, clock);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw new HeapLedgerException($"{location}: {e.Message}", e);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
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

        string[] ids = [.. devices.Select(d => d.Id)];
        await WriteAsync(async (connection, token) =>
        {
            await using (var exists = Command(connection, "SELECT id FROM devices WHERE id = ANY($1) ORDER BY id LIMIT 1", (object)ids))
            {
                if (await exists.ExecuteScalarAsync(token).ConfigureAwait(false) is string taken)
                {
                    throw new DuplicateNameException($"device \"{taken}\" already exists in {Location}");
                }
            }

            await using var insert = Command(connection, """
                INSERT INTO devices (id, token_hash, created_at) SELECT id, hash, $3 FROM unnest($1::text[], $2::text[]) AS d(id, hash)
                """, ids, devices.Select(d => d.TokenHash).ToArray(), _clock.GetUtcNow().ToUnixTimeMilliseconds());
            return await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancel, duplicate: $"a device of {string.Join(", ", ids.Take(3))} already exists in {Location}").ConfigureAwait(false);
    }

    public async Task AddHubAsync(string name, string tokenHash, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tokenHash);
        await WriteAsync(async (connection, token) =>
        {
            await using var insert = Command(connection, "INSERT INTO hubs (name, token_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
                name, tokenHash, _clock.GetUtcNow().ToUnixTimeMilliseconds());
            return await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1
                ? 1
                : throw new DuplicateNameException($"hub \"{name}\" already exists in {Location}");
        }, cancel, duplicate: $"hub \"{name}\" already exists in {Location}").ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<bool>> AppendAsync(IReadOnlyList<Heartbeat> heartbeats, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(heartbeats);
        if (heartbeats.Count == 0)
        {
            return [];
        }

        var receivedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await WriteAsync((connection, token) => PostgresAppender.AppendAsync(connection, heartbeats, receivedAt, token), cancel).ConfigureAwait(false);
    }

    public async Task WriteCursorAsync(string job, JobCursor cursor, CancellationToken cancel)
    {
        await WriteAsync(async (connection, token) =>
        {
            await using var upsert = Command(connection, """
                INSERT INTO job_cursors (job, received_at, device) VALUES ($1, $2, $3)
                ON CONFLICT (job) DO UPDATE SET received_at = excluded.received_at, device = excluded.device
                """, job, cursor.ReceivedAt, cursor.Device);
            return await upsert.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancel).ConfigureAwait(false);
    }

    public async Task SaveJudgementsAsync(IReadOnlyList<Judgement> judgements, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(judgements);
        if (judgements.Count > 0)
        {
            await WriteAsync((connection, token) => PostgresJudgementWriter.SaveAsync(connection, judgements, token), cancel).ConfigureAwait(false);
        }
    }

    public async Task<long> DeleteHeartbeatsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancel)
    {
        // As in SQLite: 256 devices per transaction, each delete a range of the (device, seq) key
        // filtered by time, so that ingest never waits long behind it and the WAL of one
        // transaction stays small. VACUUM (autovacuum) reclaims the space afterwards (docs/scaling.md).
        var devices = new List<string>();
        await using (var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false))
        await using (var list = Command(connection, "SELECT id FROM devices ORDER BY id"))
        await using (var rows = await list.ExecuteReaderAsync(cancel).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancel).ConfigureAwait(false))
            {
                devices.Add(rows.GetString(0));
            }
        }

        var deleted = 0L;
        var before = cutoff.ToUnixTimeMilliseconds();
        foreach (var chunk in devices.Chunk(256))
        {
            deleted += await WriteAsync(async (connection, token) =>
            {
                await using var batch = new NpgsqlBatch(connection)
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand("""
                            DELETE FROM site_samples s USING heartbeats h
                            WHERE s.device = ANY($1) AND h.device = s.device AND h.seq = s.seq AND h.time < $2
                            """) { Parameters = { new NpgsqlParameter<string[]> { TypedValue = chunk }, new NpgsqlParameter<long> { TypedValue = before } } },
                        new NpgsqlBatchCommand("DELETE FROM heartbeats WHERE device = ANY($1) AND time < $2")
                        {
                            Parameters = { new NpgsqlParameter<string[]> { TypedValue = chunk }, new NpgsqlParameter<long> { TypedValue = before } },
                        },
                    },
                };
                await batch.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                return (long)batch.BatchCommands[1].RecordsAffected;
            }, cancel).ConfigureAwait(false);
        }

        return deleted;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>A connection from the store's pool, with its settings (for reads, and for tests that check them).</summary>
    internal ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancel) => _source.OpenConnectionAsync(cancel);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction on a pooled connection and commits. As in
    /// SQLite, cancellation is honoured until the work starts: a transaction once begun is finished.
    /// A unique-key violation becomes a <see cref="DuplicateNameException"/> when <paramref name="duplicate"/> says what it means.
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancel, string? duplicate = null)
    {
        await using var connection = await _source.OpenConnectionAsync(cancel).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var result = await work(connection, CancellationToken.None).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        catch (PostgresException e) when (duplicate is not null && e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DuplicateNameException(duplicate, e);
        }
    }

    /// <summary>A command with positional parameters <c>$1, $2, ...</c>, typed by their CLR types (an array alone must be cast to object, or it would be taken for the list).</summary>
    internal static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
