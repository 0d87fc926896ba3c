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
        if (TryUtc(value, out var utc))
        {
            return utc;
        }

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
        TryDigits(value, out var digits) ? digits : WholeNumber(value, name, "a whole number of bytes", path, line);

    /// <summary>A count of things (live allocations): a whole number, zero or more.</summary>
    public static long Count(ReadOnlySpan<byte> value, string name, string path, long line) =>
        TryDigits(value, out var digits) ? digits : WholeNumber(value, name, "a whole number", path, line);

    /// <summary>The general way, for what <see cref="TryDigits"/> does not take: the same value, or the error.</summary>
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
        if (TryDigits(value, out var whole))
        {
            return whole;
        }

        if (!Utf8Parser.TryParse(value, out double seconds, out var used) || used != value.Length || !double.IsFinite(seconds) || seconds < 0)
        {
            throw Error(path, line, $"bad {name} {Excerpt(value)} (expected seconds since boot, zero or more)");
        }

        return seconds;
    }

    public static string Text(ReadOnlySpan<byte> value, string name, int maxBytes, string path, long line)
    {
        CheckLength(value, name, maxBytes, path, line);
        return Encoding.UTF8.GetString(value);
    }

    public static void CheckLength(ReadOnlySpan<byte> value, string name, int maxBytes, string path, long line)
    {
        if (value.Length > maxBytes)
        {
            throw Error(path, line, $"{name} of {value.Length} bytes exceeds the limit of {maxBytes} (SeriesLimits.MaxFieldBytes)");
        }
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

    /// <summary>
    /// The common forms, fast: up to 18 digits and nothing else (more, a sign, a fraction and every
    /// error go the general way, which gives the same value or the error message).
    /// </summary>
    private static bool TryDigits(ReadOnlySpan<byte> value, out long number)
    {
        number = 0;
        if (value.IsEmpty || value.Length > 18)
        {
            return false;
        }

        foreach (var c in value)
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return false;
            }

            number = (number * 10) + digit;
        }

        return true;
    }

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ss</c>, with up to seven digits of fraction and a <c>Z</c> or no
    /// designator (both UTC), without going through text: the form heartbeats are written in.
    /// Anything else (offsets, a leap second, errors) goes to <see cref="DateTimeOffset.TryParse(ReadOnlySpan{char}, IFormatProvider?, DateTimeStyles, out DateTimeOffset)"/>,
    /// which reads these forms to the same instant.
    /// </summary>
    private static bool TryUtc(ReadOnlySpan<byte> value, out DateTimeOffset time)
    {
        time = default;
        if (value.Length < 19 || value[4] != '-' || value[7] != '-' || value[10] != 'T' || value[13] != ':' || value[16] != ':')
        {
            return false;
        }

        var year = Number(value, 0, 4);
        var month = Number(value, 5, 2);
        var day = Number(value, 8, 2);
        var hour = Number(value, 11, 2);
        var minute = Number(value, 14, 2);
        var second = Number(value, 17, 2);
        if (year < 1 || month is < 1 or > 12 || day < 1 || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59
            || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var at = 19;
        long fraction = 0;
        if (at < value.Length && value[at] == '.')
        {
            var digits = value[(at + 1)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            digits = digits < 0 ? value.Length - at - 1 : digits;
            if (digits is < 1 or > 7)
            {
                return false;
            }

            fraction = Number(value, at + 1, digits);
            for (var i = digits; i < 7; i++)
            {
                fraction *= 10;
            }

            at += 1 + digits;
        }

        if (at < value.Length && value[at] == 'Z')
        {
            at++;
        }

        if (at != value.Length)
        {
            return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fraction;
        time = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    /// <summary>The decimal number of <paramref name="length"/> digits at <paramref name="start"/>; negative when one is not a digit.</summary>
    private static int Number(ReadOnlySpan<byte> value, int start, int length)
    {
        var number = 0;
        foreach (var c in value.Slice(start, length))
        {
            var digit = (uint)(c - '0');
            if (digit > 9)
            {
                return int.MinValue;
            }

            number = (number * 10) + (int)digit;
        }

        return number;
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
