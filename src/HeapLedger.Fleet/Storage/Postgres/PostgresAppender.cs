using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace HeapLedger.Fleet.Storage.Postgres;

/// <summary>
/// The body of <see cref="IFleetStore.AppendAsync"/> in PostgreSQL, inside the caller's
/// transaction: the heartbeats and their sites go by binary COPY into temporary staging tables
/// (one pair per connection, emptied at every commit), then one statement moves the new ones
/// into the tables, telling new from already stored with <c>ON CONFLICT DO NOTHING RETURNING</c>,
/// and a last one stamps the devices. Rows are taken in (device, seq) order and devices are locked
/// in id order, so concurrent appends that share devices wait for each other instead of deadlocking.
/// </summary>
internal static class PostgresAppender
{
    private const string CreateStaging = """
        CREATE TEMP TABLE IF NOT EXISTS staging_heartbeats (
            ord INTEGER NOT NULL, device TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL, time BIGINT NOT NULL,
            uptime_s DOUBLE PRECISION, free BIGINT NOT NULL, min_free BIGINT, largest_free BIGINT, heap_size BIGINT NOT NULL,
            attributes JSONB) ON COMMIT DELETE ROWS;
        CREATE TEMP TABLE IF NOT EXISTS staging_sites (
            device TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL, site TEXT COLLATE "C" NOT NULL,
            live_count BIGINT NOT NULL, live_bytes BIGINT NOT NULL) ON COMMIT DELETE ROWS
        """;

    private const string MoveStaged = """
        WITH inserted AS (
            INSERT INTO heartbeats (device, seq, time, uptime_s, free, min_free, largest_free, heap_size, received_at, attributes)
            SELECT device, seq, time, uptime_s, free, min_free, largest_free, heap_size, $1, attributes
            FROM staging_heartbeats ORDER BY device, seq
            ON CONFLICT (device, seq) DO NOTHING
            RETURNING device, seq),
        sites AS (
            INSERT INTO site_samples (device, seq, site, live_count, live_bytes)
            SELECT s.device, s.seq, s.site, s.live_count, s.live_bytes
            FROM staging_sites s JOIN inserted i ON i.device = s.device AND i.seq = s.seq
            ORDER BY s.device, s.seq, s.site
            ON CONFLICT (device, seq, site) DO NOTHING),
        attributes AS (
            INSERT INTO device_attributes AS d (device, name, value, as_of)
            SELECT DISTINCT ON (h.device, a.key) h.device, a.key, a.value, h.time
            FROM staging_heartbeats h JOIN inserted i ON i.device = h.device AND i.seq = h.seq
                CROSS JOIN LATERAL jsonb_each_text(h.attributes) a
            WHERE h.attributes IS NOT NULL
            ORDER BY h.device, a.key, h.time DESC, h.ord DESC
            ON CONFLICT (device, name) DO UPDATE SET value = excluded.value, as_of = excluded.as_of
            WHERE excluded.as_of >= d.as_of AND excluded.value IS DISTINCT FROM d.value)
        SELECT device, seq FROM inserted
        """;

    private const string LockDevices = "SELECT 1 FROM devices WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE";

    private const string StampDevices = """
        UPDATE devices d SET last_received_at = $3, received_xact = pg_current_xact_id()::text::bigint,
            last_heartbeat_at = GREATEST(d.last_heartbeat_at, n.time)
        FROM unnest($1::text[], $2::bigint[]) AS n(device, time)
        WHERE d.id = n.device
        """;

    public static async Task<bool[]> AppendAsync(NpgsqlConnection connection, IReadOnlyList<Heartbeat> heartbeats, long receivedAt, CancellationToken cancel)
    {
        // A heartbeat given twice in one call: the first copy is the one offered to the database,
        // so that RETURNING's (device, seq) names one position.
        var positions = new Dictionary<(string Device, long Seq), int>(heartbeats.Count);
        for (var i = 0; i < heartbeats.Count; i++)
        {
            positions.TryAdd((heartbeats[i].Device, heartbeats[i].Seq), i);
        }

        await using (var create = new NpgsqlCommand(CreateStaging, connection))
        {
            await create.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
        }

        await CopyHeartbeatsAsync(connection, heartbeats, positions, cancel).ConfigureAwait(false);
        await CopySitesAsync(connection, heartbeats, positions, cancel).ConfigureAwait(false);

        var stored = new bool[heartbeats.Count];
        var newest = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var move = new NpgsqlCommand(MoveStaged, connection))
        {
            move.Parameters.Add(new NpgsqlParameter<long> { TypedValue = receivedAt });
            await using var row = await move.ExecuteReaderAsync(cancel).ConfigureAwait(false);
            while (await row.ReadAsync(cancel).ConfigureAwait(false))
            {
                var position = positions[(row.GetString(0), row.GetInt64(1))];
                stored[position] = true;
                var beat = heartbeats[position];
                var time = beat.Time.ToUnixTimeMilliseconds();
                newest[beat.Device] = newest.TryGetValue(beat.Device, out var t) ? Math.Max(t, time) : time;
            }
        }

        if (newest.Count > 0)
        {
            var devices = newest.Keys.ToArray();
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(LockDevices) { Parameters = { new NpgsqlParameter<string[]> { TypedValue = devices } } },
                    new NpgsqlBatchCommand(StampDevices)
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<string[]> { TypedValue = devices },
                            new NpgsqlParameter<long[]> { TypedValue = [.. devices.Select(d => newest[d])] },
                            new NpgsqlParameter<long> { TypedValue = receivedAt },
                        },
                    },
                },
            };
            await batch.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
        }

        return stored;
    }

    private static async Task CopyHeartbeatsAsync(NpgsqlConnection connection, IReadOnlyList<Heartbeat> heartbeats, Dictionary<(string, long), int> positions, CancellationToken cancel)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY staging_heartbeats (ord, device, seq, time, uptime_s, free, min_free, largest_free, heap_size, attributes) FROM STDIN (FORMAT BINARY)",
            cancel).ConfigureAwait(false);
        for (var i = 0; i < heartbeats.Count; i++)
        {
            var beat = heartbeats[i];
            if (positions[(beat.Device, beat.Seq)] != i)
            {
                continue;
            }

            await copy.StartRowAsync(cancel).ConfigureAwait(false);
            await copy.WriteAsync(i, NpgsqlDbType.Integer, cancel).ConfigureAwait(false);
            await copy.WriteAsync(beat.Device, NpgsqlDbType.Text, cancel).ConfigureAwait(false);
            await copy.WriteAsync(beat.Seq, NpgsqlDbType.Bigint, cancel).ConfigureAwait(false);
            await copy.WriteAsync(beat.Time.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint, cancel).ConfigureAwait(false);
            await WriteAsync(copy, beat.UptimeSeconds is { } up && double.IsFinite(up) ? up : (double?)null, NpgsqlDbType.Double, cancel).ConfigureAwait(false);
            await copy.WriteAsync(beat.Free, NpgsqlDbType.Bigint, cancel).ConfigureAwait(false);
            await WriteAsync(copy, beat.MinFree, NpgsqlDbType.Bigint, cancel).ConfigureAwait(false);
            await WriteAsync(copy, beat.LargestFree, NpgsqlDbType.Bigint, cancel).ConfigureAwait(false);
            await copy.WriteAsync(beat.HeapSize, NpgsqlDbType.Bigint, cancel).ConfigureAwait(false);
            if (beat.Attributes.Count == 0)
            {
                await copy.WriteNullAsync(cancel).ConfigureAwait(false);
            }
            else
            {
                await copy.WriteAsync(JsonSerializer.Serialize(beat.Attributes), NpgsqlDbType.Jsonb, cancel).ConfigureAwait(false);
            }
        }

        await copy.CompleteAsync(cancel).ConfigureAwait(false);
    }

    private static async Task CopySitesAsync(NpgsqlConnection connection, IReadOnlyList<Heartbeat> heartbeats, Dictionary<(string, long), int> positions, CancellationToken cancel)
    {
        if (heartbeats.All(b => b.Sites.Count == 0))
        {
            return;
        }

        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY staging_sites (device, seq, site, live_count, live_bytes) FROM STDIN (FORMAT BINARY)", cancel).ConfigureAwait(false);
        for (var i = 0; i < heartbeats.Count; i++)
        {
            var beat = heartbeats[i];
            if (positions[(beat.Device, beat.Seq)] != i)
            {
                continue;
            }

            foreach (var site in beat.Sites)
            {
                await copy.StartRowAsync(cancel).ConfigureAwait(false);
                await copy.WriteAsync(beat.Device, NpgsqlDbType.Text, cancel).ConfigureAwait(false);
                await copy.WriteAsync(beat.Seq, NpgsqlDbType.Bigint, cancel).ConfigureAwait(false);
                await copy.WriteAsync(site.Site, NpgsqlDbType.Text, cancel).ConfigureAwait(false);
                await copy.WriteAsync(site.LiveCount, NpgsqlDbType.Bigint, cancel).ConfigureAwait(false);
                await copy.WriteAsync(site.LiveBytes, NpgsqlDbType.Bigint, cancel).ConfigureAwait(false);
            }
        }

        await copy.CompleteAsync(cancel).ConfigureAwait(false);
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancel) where T : struct =>
        value is { } v ? copy.WriteAsync(v, type, cancel) : copy.WriteNullAsync(cancel);
}
