using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace HeapLedger.Fleet.Storage.Sqlite;

/// <summary>
/// The insert statements of <see cref="IFleetStore.AppendAsync"/>, prepared once on the writer's
/// connection and bound again for every row. A heartbeat already stored (same device and seq) is
/// left alone, and so are its sites and attributes: the first copy to commit wins.
/// </summary>
internal sealed class SqliteAppender(SqliteConnection writer) : IDisposable
{
    private readonly SqliteCommand _heartbeat = Create(writer, """
        INSERT INTO heartbeats (device, seq, time, uptime_s, free, min_free, largest_free, heap_size, received_at, attributes)
        VALUES ($device, $seq, $time, $uptime, $free, $min_free, $largest_free, $heap_size, $received_at, $attributes)
        ON CONFLICT (device, seq) DO NOTHING
        """, "$device", "$seq", "$time", "$uptime", "$free", "$min_free", "$largest_free", "$heap_size", "$received_at", "$attributes");

    private readonly SqliteCommand _site = Create(writer, """
        INSERT INTO site_samples (device, seq, site, live_count, live_bytes) VALUES ($device, $seq, $site, $count, $bytes)
        ON CONFLICT (device, seq, site) DO NOTHING
        """, "$device", "$seq", "$site", "$count", "$bytes");

    private readonly SqliteCommand _attribute = Create(writer, """
        INSERT INTO device_attributes (device, name, value, as_of) VALUES ($device, $name, $value, $as_of)
        ON CONFLICT (device, name) DO UPDATE SET value = excluded.value, as_of = excluded.as_of
        WHERE excluded.as_of >= device_attributes.as_of AND excluded.value IS NOT device_attributes.value
        """, "$device", "$name", "$value", "$as_of");

    private readonly SqliteCommand _touch = Create(writer, """
        UPDATE devices SET last_received_at = $received_at,
            last_heartbeat_at = CASE WHEN last_heartbeat_at IS NULL OR last_heartbeat_at < $time THEN $time ELSE last_heartbeat_at END
        WHERE id = $device
        """, "$received_at", "$time", "$device");

    public bool[] Append(SqliteTransaction transaction, IReadOnlyList<Heartbeat> heartbeats, long receivedAt)
    {
        _heartbeat.Transaction = _site.Transaction = _attribute.Transaction = _touch.Transaction = transaction;
        var stored = new bool[heartbeats.Count];
        var newest = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < heartbeats.Count; i++)
        {
            var beat = heartbeats[i];
            var time = beat.Time.ToUnixTimeMilliseconds();
            var p = _heartbeat.Parameters;
            p[0].Value = beat.Device;
            p[1].Value = beat.Seq;
            p[2].Value = time;
            p[3].Value = SqliteFleetStore.Db(beat.UptimeSeconds);
            p[4].Value = beat.Free;
            p[5].Value = SqliteFleetStore.Db(beat.MinFree);
            p[6].Value = SqliteFleetStore.Db(beat.LargestFree);
            p[7].Value = beat.HeapSize;
            p[8].Value = receivedAt;
            p[9].Value = beat.Attributes.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(beat.Attributes);
            if (_heartbeat.ExecuteNonQuery() == 0)
            {
                continue;
            }

            stored[i] = true;
            newest[beat.Device] = newest.TryGetValue(beat.Device, out var t) ? Math.Max(t, time) : time;
            foreach (var site in beat.Sites)
            {
                _site.Parameters[0].Value = beat.Device;
                _site.Parameters[1].Value = beat.Seq;
                _site.Parameters[2].Value = site.Site;
                _site.Parameters[3].Value = site.LiveCount;
                _site.Parameters[4].Value = site.LiveBytes;
                _site.ExecuteNonQuery();
            }

            foreach (var (name, value) in beat.Attributes)
            {
                _attribute.Parameters[0].Value = beat.Device;
                _attribute.Parameters[1].Value = name;
                _attribute.Parameters[2].Value = value;
                _attribute.Parameters[3].Value = time;
                _attribute.ExecuteNonQuery();
            }
        }

        foreach (var (device, time) in newest)
        {
            _touch.Parameters[0].Value = receivedAt;
            _touch.Parameters[1].Value = time;
            _touch.Parameters[2].Value = device;
            _touch.ExecuteNonQuery();
        }

        return stored;
    }

    public void Dispose()
    {
        _heartbeat.Dispose();
        _site.Dispose();
        _attribute.Dispose();
        _touch.Dispose();
    }

    private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
