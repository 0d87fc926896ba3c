using System.Buffers.Text;
using System.Globalization;
using System.Text;
using HeapLedger.Core;

namespace HeapLedger.Detection.Series;

/// <summary>The values of a heap series row, from UTF-8 spans, with errors that name the file, the line, the field and the value.</summary>
internal static class FieldParser
{
    /// <summary>0001-01-01 to 9999-12-31 in Unix seconds: what a DateTimeOffset can hold.</summary>
    private const double MinUnixSeconds = -62135596800;
    private const double MaxUnixSeconds = 253402300799;

    public static HeapLedgerException Error(string path, long line, string message) => new($"{path}:{line}: {message}");

    /// <summary>ISO-8601 (UTC, or with an offset, which is converted) or Unix seconds.</summary>
    public static DateTimeOffset Time(ReadOnlySpan<byte> value, string path, long line)
    {
        if (value.IsEmpty)
        {
            throw Error(path, line, "empty time");
        }

        if (value.IndexOfAnyExcept("0123456789.-+"u8) < 0
            && Utf8Parser.TryParse(value, out double seconds, out var used) && used == value.Length)
        {
            if (double.IsFinite(seconds) && seconds is >= MinUnixSeconds and <= MaxUnixSeconds)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
            }

            throw Error(path, line, $"time {Excerpt(value)} is out of range (Unix seconds)");
        }

        Span<char> text = stackalloc char[64];
        if (value.Length <= text.Length && Encoding.UTF8.TryGetChars(value, text, out var written)
            && DateTimeOffset.TryParse(text[..written], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        throw Error(path, line, $"bad time {Excerpt(value)} (expected ISO-8601 UTC such as 2025-03-01T12:00:00Z, or Unix seconds)");
    }

    /// <summary>A byte count: a whole number, zero or more.</summary>
    public static long Bytes(ReadOnlySpan<byte> value, string name, string path, long line) =>
        WholeNumber(value, name, "a whole number of bytes", path, line);

    /// <summary>A count of things (live allocations): a whole number, zero or more.</summary>
    public static long Count(ReadOnlySpan<byte> value, string name, string path, long line) =>
        WholeNumber(value, name, "a whole number", path, line);

    private static long WholeNumber(ReadOnlySpan<byte> value, string name, string expected, string path, long line)
    {
        if (!Utf8Parser.TryParse(value, out long number, out var used) || used != value.Length || value.IsEmpty)
        {
            throw Error(path, line, $"bad {name} {Excerpt(value)} (expected {expected})");
        }

        if (number < 0)
        {
            throw Error(path, line, $"negative {name} {number}");
        }

        return number;
    }

    public static double Seconds(ReadOnlySpan<byte> value, string name, string path, long line)
    {
        if (!Utf8Parser.TryParse(value, out double seconds, out var used) || used != value.Length || !double.IsFinite(seconds) || seconds < 0)
        {
            throw Error(path, line, $"bad {name} {Excerpt(value)} (expected seconds since boot, zero or more)");
        }

        return seconds;
    }

    public static string Text(ReadOnlySpan<byte> value, string name, int maxBytes, string path, long line)
    {
        if (value.Length > maxBytes)
        {
            throw Error(path, line, $"{name} of {value.Length} bytes exceeds the limit of {maxBytes} (SeriesLimits.MaxFieldBytes)");
        }

        return Encoding.UTF8.GetString(value);
    }

    /// <summary>The figures of one heartbeat, checked against each other.</summary>
    public static HeapPoint Point(DateTimeOffset time, double? uptime, long free, long? minimumFree, long? largestFree, long heapSize, string path, long line)
    {
        if (heapSize == 0)
        {
            throw Error(path, line, "heap_size is 0");
        }

        if (free > heapSize || largestFree > heapSize || minimumFree > heapSize)
        {
            throw Error(path, line, $"free figures larger than heap_size {heapSize} (free {free}, min_free {minimumFree}, largest_free {largestFree})");
        }

        return new HeapPoint(time, uptime, free, minimumFree, largestFree, heapSize);
    }

    /// <summary>A value as quoted in an error message: at most 40 characters, control characters shown as '?'.</summary>
    public static string Excerpt(ReadOnlySpan<byte> value)
    {
        var text = Encoding.UTF8.GetString(value[..Math.Min(value.Length, 40)]);
        var clean = string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
        return value.Length > 40 ? $"\"{clean}...\"" : $"\"{clean}\"";
    }
}
