using System.Globalization;

namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// Reads recorded heap series (the CSV of docs/formats/heap-series.md: a header, then
/// <c>device,time,uptime_s,free,min_free,largest_free,heap_size</c> in any order, further columns
/// as attributes) with their ground truth from a sidecar <c>NAME.truth.csv</c>
/// (<c>device,leaking,onset,exhaustion</c>; times as for the series, empty when unknown). The
/// harness's own minimal reader, kept apart from the detector's so neither waits for the other;
/// it reads the whole file, which is fine for the few dozen recorded devices it is for.
/// </summary>
public static class EvaluationCsv
{
    /// <summary>The ground truth's header, which <see cref="FleetCsvWriter"/> writes too.</summary>
    public const string TruthHeader = "device,leaking,onset,exhaustion";

    private const int MaxLineLength = 4096;

    public static string TruthPathFor(string seriesPath)
    {
        ArgumentNullException.ThrowIfNull(seriesPath);
        var directory = Path.GetDirectoryName(seriesPath) ?? "";
        return Path.Combine(directory, Path.GetFileNameWithoutExtension(seriesPath) + ".truth.csv");
    }

    public static IReadOnlyList<LabelledSeries> ReadFleet(string seriesPath, string? truthPath = null)
    {
        truthPath ??= TruthPathFor(seriesPath);
        var truths = ReadTruth(truthPath);
        var devices = ReadSeries(seriesPath);
        var fleet = new List<LabelledSeries>(devices.Count);
        foreach (var (device, (points, attributes)) in devices)
        {
            if (!truths.TryGetValue(device, out var label))
            {
                throw new FormatException($"{truthPath}: no ground truth for device '{device}' of {seriesPath}");
            }

            points.Sort((a, b) => a.Time.CompareTo(b.Time));

            // An exhaustion in the truth happened while the device was watched, even when the
            // device fell silent at it (as a synthetic one does): the window reaches that far.
            var end = label.Exhaustion is { } exhaustion && exhaustion > points[^1].Time ? exhaustion : points[^1].Time;
            var truth = new DeviceTruth(device, label.Leaking, label.Leaking ? LeakKind.Steady : LeakKind.None,
                label.Leaking ? label.Onset ?? points[0].Time : null, label.Exhaustion, points[0].Time, end, 0);
            fleet.Add(new LabelledSeries(new DeviceSeries(device, points, attributes), truth));
        }

        return fleet;
    }

    private static SortedDictionary<string, (List<HeapPoint> Points, Dictionary<string, string> Attributes)> ReadSeries(string path)
    {
        var devices = new SortedDictionary<string, (List<HeapPoint>, Dictionary<string, string>)>(StringComparer.Ordinal);
        var rows = Rows(path).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new FormatException($"{path}: empty, expected a header row");
        }

        var header = rows.Current.Fields;
        int Column(string name, bool required)
        {
            var index = Array.IndexOf(header, name);
            return index < 0 && required ? throw new FormatException($"{path}:1: no '{name}' column in the header") : index;
        }

        int device = Column("device", true), time = Column("time", true), uptime = Column("uptime_s", false), free = Column("free", true),
            minFree = Column("min_free", false), largest = Column("largest_free", false), heapSize = Column("heap_size", true);
        var known = new[] { device, time, uptime, free, minFree, largest, heapSize };
        while (rows.MoveNext())
        {
            var (line, f) = rows.Current;
            if (f.Length != header.Length)
            {
                throw new FormatException($"{path}:{line}: {f.Length} fields, the header has {header.Length}");
            }

            var point = new HeapPoint(
                Time(f[time], path, line),
                uptime < 0 || f[uptime].Length == 0 ? null : Number(f[uptime], path, line),
                (long)Number(f[free], path, line),
                minFree < 0 || f[minFree].Length == 0 ? null : (long)Number(f[minFree], path, line),
                largest < 0 || f[largest].Length == 0 ? null : (long)Number(f[largest], path, line),
                (long)Number(f[heapSize], path, line));
            if (!devices.TryGetValue(f[device], out var entry))
            {
                var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var c = 0; c < header.Length; c++)
                {
                    if (Array.IndexOf(known, c) < 0)
                    {
                        attributes[header[c]] = f[c];
                    }
                }

                entry = ([], attributes);
                devices[f[device]] = entry;
            }

            entry.Item1.Add(point);
        }

        return devices;
    }

    private static Dictionary<string, (bool Leaking, DateTimeOffset? Onset, DateTimeOffset? Exhaustion)> ReadTruth(string path)
    {
        var truths = new Dictionary<string, (bool, DateTimeOffset?, DateTimeOffset?)>(StringComparer.Ordinal);
        string[]? header = null;
        foreach (var (line, f) in Rows(path))
        {
            if (header is null)
            {
                header = f;
                if (string.Join(',', header) != TruthHeader)
                {
                    throw new FormatException($"{path}:1: expected the header '{TruthHeader}'");
                }

                continue;
            }

            if (f.Length != 4 || f[1] is not ("true" or "false"))
            {
                throw new FormatException($"{path}:{line}: expected device,true|false,onset,exhaustion");
            }

            truths[f[0]] = (f[1] == "true", f[2].Length == 0 ? null : Time(f[2], path, line), f[3].Length == 0 ? null : Time(f[3], path, line));
        }

        return truths;
    }

    private static IEnumerable<(int Line, string[] Fields)> Rows(string path)
    {
        using var reader = new StreamReader(path);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length > MaxLineLength)
            {
                throw new FormatException($"{path}:{number}: line of {line.Length} characters, the limit is {MaxLineLength}");
            }

            if (line.Length > 0)
            {
                yield return (number, line.Split(',').Select(s => s.Trim()).ToArray());
            }
        }
    }

    private static double Number(string text, string path, int line) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0
            ? value
            : throw new FormatException($"{path}:{line}: '{text}' is not a byte count or number of seconds");

    private static DateTimeOffset Time(string text, string path, int line)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unix) && unix is >= 0 and < 253_402_300_800)
        {
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new FormatException($"{path}:{line}: '{text}' is neither ISO-8601 nor Unix seconds");
    }
}
