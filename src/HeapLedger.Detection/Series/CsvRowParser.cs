using HeapLedger.Core;

namespace HeapLedger.Detection.Series;

/// <summary>
/// Rows of a CSV heap series: a header names the columns (in any order); fields may be quoted
/// ("a, b" and "" for a quote), but a field never spans lines. Columns other than the heap
/// figures are attributes.
/// </summary>
internal sealed class CsvRowParser : RowParser
{
    private static readonly string[] Required = ["device", "time", "free", "heap_size"];
    private static readonly string[] Optional = ["uptime_s", "min_free", "largest_free"];

    private readonly string path;
    private readonly SeriesLimits limits;
    private readonly int columnCount;
    private readonly int device;
    private readonly int time;
    private readonly int free;
    private readonly int heapSize;
    private readonly int uptime;
    private readonly int minimumFree;
    private readonly int largestFree;
    private readonly (string Name, int Index)[] attributes;
    private readonly (int Start, int Length)[] fields;
    private byte[] scratch = new byte[4096];

    public CsvRowParser(ReadOnlySpan<byte> header, long number, string path, SeriesLimits limits)
    {
        this.path = path;
        this.limits = limits;
        if (header.StartsWith("\uFEFF"u8))
        {
            header = header[3..];
        }

        fields = new (int, int)[limits.MaxColumns];
        columnCount = Split(header, number);
        var names = new string[columnCount];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var others = new List<(string, int)>();
        for (var i = 0; i < columnCount; i++)
        {
            var name = FieldParser.Text(Field(i), "column name", limits.MaxFieldBytes, path, number).Trim();
            if (name.Length == 0)
            {
                throw FieldParser.Error(path, number, $"column {i + 1} of the header has no name");
            }

            if (!seen.TryAdd(name, i))
            {
                throw FieldParser.Error(path, number, $"column \"{name}\" appears twice in the header");
            }

            names[i] = name;
            if (Array.IndexOf(Required, name) < 0 && Array.IndexOf(Optional, name) < 0)
            {
                others.Add((name, i));
            }
        }

        foreach (var name in Required)
        {
            if (!seen.ContainsKey(name))
            {
                throw FieldParser.Error(path, number, $"missing column \"{name}\" (the header has: {string.Join(",", names)}); "
                    + "expected device,time,uptime_s,free,min_free,largest_free,heap_size in any order");
            }
        }

        device = seen["device"];
        time = seen["time"];
        free = seen["free"];
        heapSize = seen["heap_size"];
        uptime = seen.GetValueOrDefault("uptime_s", -1);
        minimumFree = seen.GetValueOrDefault("min_free", -1);
        largestFree = seen.GetValueOrDefault("largest_free", -1);
        attributes = [.. others];
    }

    public override ReadOnlySpan<byte> Device => Field(device);

    public override HeapPoint Parse(ReadOnlySpan<byte> line, long number)
    {
        var count = Split(line, number);
        if (count != columnCount)
        {
            throw FieldParser.Error(path, number, $"{count} fields where the header has {columnCount} columns");
        }

        var name = Field(device);
        FieldParser.CheckLength(name, "device", limits.MaxFieldBytes, path, number);
        if (name.IsEmpty)
        {
            throw FieldParser.Error(path, number, "empty device");
        }

        var point = FieldParser.Point(
            FieldParser.Time(Field(time), path, number),
            uptime >= 0 && !Field(uptime).IsEmpty ? FieldParser.Seconds(Field(uptime), "uptime_s", path, number) : null,
            FieldParser.Bytes(Field(free), "free", path, number),
            OptionalBytes(minimumFree, "min_free", number),
            OptionalBytes(largestFree, "largest_free", number),
            FieldParser.Bytes(Field(heapSize), "heap_size", path, number),
            path,
            number);
        foreach (var (attribute, index) in attributes)
        {
            FieldParser.CheckLength(Field(index), attribute, limits.MaxFieldBytes, path, number);
        }

        return point;
    }

    public override void KeepAttributes(DeviceAccumulator device)
    {
        foreach (var (attribute, index) in attributes)
        {
            device.Keep(attribute, Field(index));
        }
    }

    private long? OptionalBytes(int column, string name, long number) =>
        column < 0 || Field(column).IsEmpty ? null : FieldParser.Bytes(Field(column), name, path, number);

    private ReadOnlySpan<byte> Field(int index) => scratch.AsSpan(fields[index].Start, fields[index].Length);

    /// <summary>
    /// Finds the fields, trimmed of surrounding blanks, in a copy of the line in the scratch
    /// buffer; a line with quotes is unquoted field by field into it.
    /// </summary>
    private int Split(ReadOnlySpan<byte> line, long number)
    {
        if (scratch.Length < line.Length)
        {
            scratch = new byte[Math.Max(line.Length, scratch.Length * 2)];
        }

        if (line.Contains((byte)'"'))
        {
            return SplitQuoted(line, number);
        }

        line.CopyTo(scratch);
        var count = 0;
        var at = 0;
        while (true)
        {
            if (count == fields.Length)
            {
                throw TooManyFields(number);
            }

            var comma = line[at..].IndexOf((byte)',');
            var end = comma < 0 ? line.Length : at + comma;
            var start = at;
            while (start < end && line[start] == (byte)' ')
            {
                start++;
            }

            var stop = end;
            while (stop > start && line[stop - 1] == (byte)' ')
            {
                stop--;
            }

            fields[count++] = (start, stop - start);
            if (comma < 0)
            {
                return count;
            }

            at = end + 1;
        }
    }

    private HeapLedgerException TooManyFields(long number) =>
        FieldParser.Error(path, number, $"more than {limits.MaxColumns} fields (SeriesLimits.MaxColumns)");

    /// <summary>Copies the fields, unquoted and trimmed of surrounding blanks, into the scratch buffer.</summary>
    private int SplitQuoted(ReadOnlySpan<byte> line, long number)
    {
        var count = 0;
        var at = 0;
        var write = 0;
        while (true)
        {
            if (count == fields.Length)
            {
                throw TooManyFields(number);
            }

            while (at < line.Length && line[at] == (byte)' ')
            {
                at++;
            }

            var start = write;
            if (at < line.Length && line[at] == (byte)'"')
            {
                at++;
                while (true)
                {
                    if (at >= line.Length)
                    {
                        throw FieldParser.Error(path, number, $"unterminated quote in field {count + 1}");
                    }

                    if (line[at] == (byte)'"')
                    {
                        if (at + 1 < line.Length && line[at + 1] == (byte)'"')
                        {
                            scratch[write++] = (byte)'"';
                            at += 2;
                            continue;
                        }

                        at++;
                        break;
                    }

                    scratch[write++] = line[at++];
                }

                while (at < line.Length && line[at] == (byte)' ')
                {
                    at++;
                }

                if (at < line.Length && line[at] != (byte)',')
                {
                    throw FieldParser.Error(path, number, $"text after the closing quote of field {count + 1}");
                }
            }
            else
            {
                var comma = line[at..].IndexOf((byte)',');
                var raw = comma < 0 ? line[at..] : line.Slice(at, comma);
                raw = raw.TrimEnd((byte)' ');
                raw.CopyTo(scratch.AsSpan(write));
                write += raw.Length;
                at = comma < 0 ? line.Length : at + comma;
            }

            fields[count++] = (start, write - start);
            if (at >= line.Length)
            {
                return count;
            }

            at++; // the comma
        }
    }
}
