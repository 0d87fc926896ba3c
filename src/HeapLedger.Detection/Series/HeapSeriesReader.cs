using System.Text;
using HeapLedger.Core;

namespace HeapLedger.Detection.Series;

/// <summary>
/// Reads a heap series (CSV or NDJSON, docs/formats/heap-series.md) and hands out one
/// <see cref="DeviceSeries"/> per device. <see cref="TryReadGrouped"/> keeps only the current
/// device in memory and suits input sorted (grouped) by device; <see cref="ReadAll"/> takes any
/// order and holds the whole fleet. <see cref="ForEachDevice{T}"/> tries the first and falls back
/// to the second. Bad input throws <see cref="HeapLedgerException"/> naming the file and line.
/// </summary>
public sealed class HeapSeriesReader
{
    private readonly Stream stream;
    private readonly string path;
    private readonly HeapSeriesFormat format;
    private readonly SeriesLimits limits;

    public HeapSeriesReader(Stream stream, string path, HeapSeriesFormat format, SeriesLimits? limits = null)
    {
        this.stream = stream;
        this.path = path;
        this.format = format;
        this.limits = limits ?? SeriesLimits.Default;
    }

    /// <summary>The format from the name (.csv, .ndjson, .jsonl) or else the first character: '{' is NDJSON.</summary>
    public static HeapSeriesFormat DetectFormat(string path, ReadOnlySpan<byte> head)
    {
        var extension = Path.GetExtension(path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFileNameWithoutExtension(path)
            : path).ToLowerInvariant();
        if (extension is ".ndjson" or ".jsonl")
        {
            return HeapSeriesFormat.Ndjson;
        }

        if (extension == ".csv")
        {
            return HeapSeriesFormat.Csv;
        }

        if (head.StartsWith("\uFEFF"u8))
        {
            head = head[3..];
        }

        var first = head.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && head[first] == (byte)'{' ? HeapSeriesFormat.Ndjson : HeapSeriesFormat.Csv;
    }

    /// <summary>
    /// Judges every device with memory for a few devices' series when the input is grouped by
    /// device, and re-reads the input holding the whole fleet when it is not. The calling thread
    /// reads while <paramref name="judge"/> runs on worker threads, one device per worker at a time
    /// (so it must be safe to call concurrently); the results are in the order of the input.
    /// </summary>
    /// <param name="open">Opens the input from its start; called a second time when the input turns out not to be grouped.</param>
    public static List<T> ForEachDevice<T>(Func<Stream> open, string path, HeapSeriesFormat format, Func<DeviceSeries, T> judge, SeriesLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(judge);
        using (var first = open())
        using (var pipeline = new JudgingPipeline<T>(judge))
        {
            if (new HeapSeriesReader(first, path, format, limits).TryReadGrouped(pipeline.Post))
            {
                return pipeline.Complete();
            }
        }

        using var second = open();
        using var again = new JudgingPipeline<T>(judge);
        foreach (var device in new HeapSeriesReader(second, path, format, limits).ReadAll())
        {
            again.Post(device);
        }

        return again.Complete();
    }

    /// <summary>
    /// Hands out each device as soon as the next one starts. Returns false, having stopped, when
    /// a device that was already handed out appears again: the input is not grouped by device.
    /// </summary>
    public bool TryReadGrouped(Action<DeviceSeries> onDevice)
    {
        ArgumentNullException.ThrowIfNull(onDevice);
        var rows = new RowReader(stream, path, format, limits);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        DeviceAccumulator? current = null;
        while (rows.TryRead(out var point))
        {
            var name = rows.Parser.Device;
            if (current is null || !current.Is(name))
            {
                if (current is not null)
                {
                    finished.Add(current.Device);
                    onDevice(current.ToSeries());
                }

                var device = Encoding.UTF8.GetString(name);
                if (finished.Contains(device))
                {
                    return false;
                }

                CheckDevices(finished.Count + 1, rows.LineNumber);
                current = new DeviceAccumulator(device, name.ToArray());
            }

            Add(current, point, rows);
        }

        if (current is not null)
        {
            onDevice(current.ToSeries());
        }

        return true;
    }

    /// <summary>Every device, in order of first appearance, whatever the order of the rows.</summary>
    public IReadOnlyList<DeviceSeries> ReadAll()
    {
        var rows = new RowReader(stream, path, format, limits);
        var devices = new Dictionary<string, DeviceAccumulator>(StringComparer.Ordinal);
        var order = new List<DeviceAccumulator>();
        DeviceAccumulator? last = null;
        while (rows.TryRead(out var point))
        {
            var name = rows.Parser.Device;
            if (last is null || !last.Is(name))
            {
                var device = Encoding.UTF8.GetString(name);
                if (!devices.TryGetValue(device, out last))
                {
                    CheckDevices(devices.Count + 1, rows.LineNumber);
                    last = new DeviceAccumulator(device, name.ToArray());
                    devices.Add(device, last);
                    order.Add(last);
                }
            }

            Add(last, point, rows);
        }

        return [.. order.Select(d => d.ToSeries())];
    }

    private void Add(DeviceAccumulator device, HeapPoint point, RowReader rows)
    {
        if (device.Count >= limits.MaxPointsPerDevice)
        {
            throw FieldParser.Error(path, rows.LineNumber, $"device \"{device.Device}\" has more than {limits.MaxPointsPerDevice} heartbeats (SeriesLimits.MaxPointsPerDevice)");
        }

        device.Add(point);
        rows.Parser.KeepAttributes(device);
        var sites = rows.Parser.Sites;
        if (sites.Count > 0)
        {
            AddSites(device, sites, rows.LineNumber);
        }
    }

    /// <summary>The site ledgers of the heartbeat just added, within <see cref="SeriesLimits.MaxSitesPerDevice"/> distinct sites.</summary>
    private void AddSites(DeviceAccumulator device, IReadOnlyList<SiteReading> sites, long line)
    {
        var newSites = 0;
        for (var i = 0; i < sites.Count; i++)
        {
            if (!device.HasSite(sites[i].Site))
            {
                newSites++;
            }
        }

        if (device.SiteCount + newSites > limits.MaxSitesPerDevice)
        {
            throw FieldParser.Error(path, line, $"device \"{device.Device}\" has more than {limits.MaxSitesPerDevice} distinct sites (SeriesLimits.MaxSitesPerDevice)");
        }

        device.AddSites(sites);
    }

    private void CheckDevices(int count, long line)
    {
        if (count > limits.MaxDevices)
        {
            throw FieldParser.Error(path, line, $"more than {limits.MaxDevices} devices (SeriesLimits.MaxDevices)");
        }
    }

    /// <summary>The rows of the input, parsed one at a time; blank lines are skipped, a CSV's first line is its header.</summary>
    private sealed class RowReader(Stream stream, string path, HeapSeriesFormat format, SeriesLimits limits)
    {
        private readonly LineSplitter lines = new(stream, path, limits.MaxLineBytes);
        private RowParser? parser = format == HeapSeriesFormat.Ndjson ? new NdjsonRowParser(path, limits) : null;

        /// <summary>The parser of the row last read, which knows its device and attributes.</summary>
        public RowParser Parser => parser!;

        public long LineNumber => lines.LineNumber;

        public bool TryRead(out HeapPoint point)
        {
            while (lines.TryReadLine(out var line))
            {
                if (line.Trim(" \t"u8).IsEmpty)
                {
                    continue;
                }

                if (parser is null)
                {
                    parser = new CsvRowParser(line, lines.LineNumber, path, limits);
                    continue;
                }

                point = parser.Parse(line, lines.LineNumber);
                return true;
            }

            if (parser is null)
            {
                throw new HeapLedgerException($"{path}: empty; expected a CSV header row (device,time,uptime_s,free,min_free,largest_free,heap_size)");
            }

            point = null!;
            return false;
        }
    }
}
