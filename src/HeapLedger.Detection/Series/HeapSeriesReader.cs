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
    /// Judges every device with memory for one device's series when the input is grouped by
    /// device, and re-reads the input holding the whole fleet when it is not.
    /// </summary>
    /// <param name="open">Opens the input from its start; called a second time when the input turns out not to be grouped.</param>
    public static List<T> ForEachDevice<T>(Func<Stream> open, string path, HeapSeriesFormat format, Func<DeviceSeries, T> judge, SeriesLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(judge);
        var results = new List<T>();
        using (var first = open())
        {
            if (new HeapSeriesReader(first, path, format, limits).TryReadGrouped(device => results.Add(judge(device))))
            {
                return results;
            }
        }

        results.Clear();
        using var second = open();
        foreach (var device in new HeapSeriesReader(second, path, format, limits).ReadAll())
        {
            results.Add(judge(device));
        }

        return results;
    }

    /// <summary>
    /// Hands out each device as soon as the next one starts. Returns false, having stopped, when
    /// a device that was already handed out appears again: the input is not grouped by device.
    /// </summary>
    public bool TryReadGrouped(Action<DeviceSeries> onDevice)
    {
        ArgumentNullException.ThrowIfNull(onDevice);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        DeviceAccumulator? current = null;
        foreach (var (row, line) in Rows())
        {
            if (current is null || !string.Equals(current.Device, row.Device, StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    finished.Add(current.Device);
                    onDevice(current.ToSeries());
                }

                if (finished.Contains(row.Device))
                {
                    return false;
                }

                CheckDevices(finished.Count + 1, line);
                current = new DeviceAccumulator(row.Device);
            }

            Add(current, row, line);
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
        var devices = new Dictionary<string, DeviceAccumulator>(StringComparer.Ordinal);
        var order = new List<DeviceAccumulator>();
        foreach (var (row, line) in Rows())
        {
            if (!devices.TryGetValue(row.Device, out var device))
            {
                CheckDevices(devices.Count + 1, line);
                device = new DeviceAccumulator(row.Device);
                devices.Add(row.Device, device);
                order.Add(device);
            }

            Add(device, row, line);
        }

        return [.. order.Select(d => d.ToSeries())];
    }

    private void Add(DeviceAccumulator device, HeapRow row, long line)
    {
        if (device.Count >= limits.MaxPointsPerDevice)
        {
            throw FieldParser.Error(path, line, $"device \"{device.Device}\" has more than {limits.MaxPointsPerDevice} heartbeats (SeriesLimits.MaxPointsPerDevice)");
        }

        var newSites = 0;
        foreach (var site in row.Sites)
        {
            if (!device.Sites.Contains(site.Site))
            {
                newSites++;
            }
        }

        if (device.Sites.Count + newSites > limits.MaxSitesPerDevice)
        {
            throw FieldParser.Error(path, line, $"device \"{device.Device}\" has more than {limits.MaxSitesPerDevice} distinct sites (SeriesLimits.MaxSitesPerDevice)");
        }

        device.Add(row);
    }

    private void CheckDevices(int count, long line)
    {
        if (count > limits.MaxDevices)
        {
            throw FieldParser.Error(path, line, $"more than {limits.MaxDevices} devices (SeriesLimits.MaxDevices)");
        }
    }

    private IEnumerable<(HeapRow Row, long Line)> Rows()
    {
        var lines = new LineSplitter(stream, path, limits.MaxLineBytes);
        var ndjson = format == HeapSeriesFormat.Ndjson ? new NdjsonRowParser(path, limits) : null;
        CsvRowParser? csv = null;
        while (true)
        {
            HeapRow row;
            long number;
            // Spans cannot live across a yield: parse inside this block, yield outside it.
            {
                if (!lines.TryReadLine(out var line))
                {
                    break;
                }

                number = lines.LineNumber;
                if (line.Trim(" \t"u8).IsEmpty)
                {
                    continue;
                }

                if (ndjson is not null)
                {
                    row = ndjson.Parse(line, number);
                }
                else if (csv is null)
                {
                    csv = new CsvRowParser(line, number, path, limits);
                    continue;
                }
                else
                {
                    row = csv.Parse(line, number);
                }
            }

            yield return (row, number);
        }

        if (ndjson is null && csv is null)
        {
            throw new HeapLedgerException($"{path}: empty; expected a CSV header row (device,time,uptime_s,free,min_free,largest_free,heap_size)");
        }
    }
}
