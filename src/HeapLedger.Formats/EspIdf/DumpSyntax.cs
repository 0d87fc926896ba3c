using HeapLedger.Formats.Input;

namespace HeapLedger.Formats.EspIdf;

/// <summary>
/// The line shapes of ESP-IDF's <c>heap_trace_dump()</c> (standalone mode), 4.x to 5.x. Lines are
/// passed through <see cref="Clean"/> first. The <c>Parse*</c> methods return null when the line is
/// well formed, else what was wrong with it.
/// </summary>
internal static class DumpSyntax
{
    public const string RecordShape =
        "'<size> bytes (@ 0x<address>[, <memory>]) allocated CPU <n> ccount 0x<hex> [caller 0x<pc>:0x<pc>...] [freed]'";

    public const string BannerShape = "'====== Heap Trace: <n> records (<n> capacity) ======'";

    public const string LegacyHeaderShape = "'<n> allocations trace (<n> entry buffer)'";

    /// <summary>Strips blanks, a carriage return and the ANSI colour codes idf.py monitor puts on log lines.</summary>
    public static ReadOnlySpan<byte> Clean(ReadOnlySpan<byte> line)
    {
        line = line.Trim(" \t\r"u8);
        while (line.Length > 1 && line[0] == 0x1b && line[1] == (byte)'[')
        {
            var end = line.IndexOf((byte)'m');
            if (end < 0)
            {
                break;
            }

            line = line[(end + 1)..].TrimStart(" \t"u8);
        }

        return line;
    }

    /// <summary>v5: <c>====== Heap Trace: 12 records (100 capacity) ======</c>.</summary>
    public static bool IsBanner(ReadOnlySpan<byte> line) => line.StartsWith("====== Heap Trace: "u8);

    public static string? ParseBanner(ReadOnlySpan<byte> line, out long records, out long capacity)
    {
        var s = line["====== Heap Trace: "u8.Length..];
        capacity = 0;
        return Decimal(ref s, out records) && Literal(ref s, " records ("u8) && Decimal(ref s, out capacity)
            && Literal(ref s, " capacity)"u8) && s.Trim((byte)' ').TrimStart((byte)'=').IsEmpty
                ? null
                : $"expected {BannerShape}";
    }

    /// <summary>4.x, which printed no banner: <c>2 allocations trace (100 entry buffer)</c>.</summary>
    public static bool IsLegacyHeader(ReadOnlySpan<byte> line) =>
        StartsWithDigit(line) && line.IndexOf(" allocations trace ("u8) >= 0;

    public static string? ParseLegacyHeader(ReadOnlySpan<byte> line, out long records, out long capacity)
    {
        var s = line;
        capacity = 0;
        return Decimal(ref s, out records) && Literal(ref s, " allocations trace ("u8) && Decimal(ref s, out capacity)
            && Literal(ref s, " entry buffer)"u8) && s.IsEmpty
                ? null
                : $"expected {LegacyHeaderShape}";
    }

    public static bool IsRecord(ReadOnlySpan<byte> line)
    {
        var s = line;
        return Decimal(ref s, out _) && s.StartsWith(" bytes (@ "u8);
    }

    /// <summary>
    /// <c>    64 bytes (@ 0x3ffb8e2c, Internal) allocated CPU 0 ccount 0x1a2b3c40 caller 0x400d1234:0x400d5678:</c>.
    /// The label is absent before 5.0 and for memory that is neither internal nor PSRAM; the caller
    /// list is absent with a stack depth of 0 (RISC-V without frame pointers) and keeps a trailing
    /// colon when shorter than the configured depth. " freed" ends a freed record on targets that
    /// cannot print a "freed by" stack.
    /// </summary>
    public static string? ParseRecord(ReadOnlySpan<byte> line, out DumpRecordFields record, out ReadOnlySpan<byte> callers)
    {
        record = default;
        callers = default;
        var s = line;
        if (!Decimal(ref s, out var size) || !Literal(ref s, " bytes (@ "u8))
        {
            return "expected '<size> bytes (@ '";
        }

        if (!Pointer(ref s, out var address))
        {
            return "expected the block's address after '(@ '";
        }

        if (Literal(ref s, ","u8))
        {
            s = s.TrimStart((byte)' ');
            var label = 0;
            while (label < s.Length && char.IsAsciiLetter((char)s[label]))
            {
                label++;
            }

            if (label == 0)
            {
                return "expected a memory label (Internal, PSRAM) after the address";
            }

            s = s[label..];
        }

        if (!Literal(ref s, ") allocated CPU "u8) || !Decimal(ref s, out var cpu) || cpu > 255)
        {
            return "expected ') allocated CPU <n>' after the address";
        }

        if (!Literal(ref s, " ccount 0x"u8) || !Pointer(ref s, out var ccount) || ccount > uint.MaxValue)
        {
            return "expected ' ccount 0x<cycle count>' after the CPU";
        }

        var freed = s.EndsWith(" freed"u8);
        if (freed)
        {
            s = s[..^" freed".Length];
        }

        if (Literal(ref s, " caller"u8))
        {
            callers = s.Trim((byte)' ');
        }
        else if (!s.IsEmpty)
        {
            return "expected ' caller <addresses>' or the end of the line after the cycle count";
        }

        record = new DumpRecordFields(size, address, (int)cpu, (uint)ccount, freed);
        return null;
    }

    public static bool IsFreedBy(ReadOnlySpan<byte> line) => line.StartsWith("freed by"u8);

    public static ReadOnlySpan<byte> FreedByList(ReadOnlySpan<byte> line) => line["freed by".Length..].Trim((byte)' ');

    /// <summary>
    /// Reads a colon-separated address list (a trailing colon allowed) into <paramref name="into"/>.
    /// A "freed by" list holds the full configured depth, so null entries are allowed there.
    /// </summary>
    public static string? ParseAddresses(ReadOnlySpan<byte> list, List<ulong> into, bool allowNull, int maxCount)
    {
        into.Clear();
        while (!list.IsEmpty)
        {
            var colon = list.IndexOf((byte)':');
            var token = colon < 0 ? list : list[..colon];
            list = colon < 0 ? default : list[(colon + 1)..];
            ulong address = 0;
            var rest = token;
            if (!(allowNull && token.SequenceEqual("(nil)"u8)) && (!Pointer(ref rest, out address) || !rest.IsEmpty))
            {
                return $"bad address \"{Excerpt.Of(token)}\" in the address list (expected 0x<hex>:0x<hex>...)";
            }

            if (into.Count == maxCount)
            {
                return $"more than {maxCount} addresses in one stack (TraceLimits.MaxStackDepth)";
            }

            into.Add(address);
        }

        return null;
    }

    /// <summary>The summary's live figures: v5 and 4.x leaks mode, and all mode (which adds the record count).</summary>
    public static bool IsLiveFigures(ReadOnlySpan<byte> line) => StartsWithDigit(line) && line.IndexOf(" in trace ("u8) >= 0;

    public static string? ParseLiveFigures(ReadOnlySpan<byte> line, out DumpLiveFigures figures)
    {
        figures = default;
        var s = line;
        if (!Decimal(ref s, out var bytes) || !Literal(ref s, " bytes "u8))
        {
            return "expected '<n> bytes 'leaked' in trace (<n> allocations)' or '<n> bytes alive in trace (<n>/<n> allocations)'";
        }

        var quoted = Literal(ref s, "'"u8);
        bool allMode;
        if (Literal(ref s, "alive"u8))
        {
            allMode = true;
        }
        else if (Literal(ref s, "leaked"u8))
        {
            allMode = false;
        }
        else
        {
            return "expected 'leaked' or 'alive' in the summary's live figures";
        }

        long? records = null;
        if ((quoted && !Literal(ref s, "'"u8)) || !Literal(ref s, " in trace ("u8) || !Decimal(ref s, out var live))
        {
            return "expected ' in trace (<n> allocations)' in the summary's live figures";
        }

        if (Literal(ref s, "/"u8))
        {
            if (!Decimal(ref s, out var count))
            {
                return "expected '<alive>/<records> allocations' in the summary's live figures";
            }

            records = count;
        }

        if (!Literal(ref s, " allocations)"u8) || !s.IsEmpty)
        {
            return "expected ' allocations)' to end the summary's live figures";
        }

        figures = new DumpLiveFigures(bytes, live, records, allMode);
        return null;
    }

    /// <summary>v5: <c>records: 12 (100 capacity, 14 high water mark)</c>.</summary>
    public static string? ParseRecordCounts(ReadOnlySpan<byte> line, out long count, out long capacity, out long highWaterMark)
    {
        var s = line["records: "u8.Length..];
        capacity = highWaterMark = 0;
        return Decimal(ref s, out count) && Literal(ref s, " ("u8) && Decimal(ref s, out capacity) && Literal(ref s, " capacity, "u8)
            && Decimal(ref s, out highWaterMark) && Literal(ref s, " high water mark)"u8) && s.IsEmpty
                ? null
                : "expected 'records: <n> (<n> capacity, <n> high water mark)'";
    }

    /// <summary>v5 prints <c>total allocations: 40</c> and <c>total frees: 38</c>; 4.x one line, <c>total allocations 40 total frees 38</c>.</summary>
    public static string? ParseTotals(ReadOnlySpan<byte> line, out long? allocations, out long? frees)
    {
        allocations = frees = null;
        var s = line;
        long value;
        if (Literal(ref s, "total allocations: "u8) && Decimal(ref s, out value) && s.IsEmpty)
        {
            allocations = value;
            return null;
        }

        s = line;
        if (Literal(ref s, "total frees: "u8) && Decimal(ref s, out value) && s.IsEmpty)
        {
            frees = value;
            return null;
        }

        s = line;
        if (Literal(ref s, "total allocations "u8) && Decimal(ref s, out value) && Literal(ref s, " total frees "u8)
            && Decimal(ref s, out var freeCount) && s.IsEmpty)
        {
            allocations = value;
            frees = freeCount;
            return null;
        }

        return "expected 'total allocations: <n>', 'total frees: <n>' or 'total allocations <n> total frees <n>'";
    }

    /// <summary>The summary's closing rule (v5), a line of '=' only.</summary>
    public static bool IsRule(ReadOnlySpan<byte> line) => line.Length >= 8 && line.IndexOfAnyExcept((byte)'=') < 0;

    /// <summary>idf.py monitor's decoding of an address: <c>0x400d276d: leak_some_memory at main.c:27</c>.</summary>
    public static bool IsMonitorDecoding(ReadOnlySpan<byte> line)
    {
        var s = line.StartsWith("--- "u8) ? line[4..] : line;
        return s.StartsWith("0x"u8) && Pointer(ref s, out _) && s.StartsWith(": "u8);
    }

    /// <summary>An ESP_LOG line, <c>I (312) tag: text</c>, which another task may print in the middle of a 4.x dump.</summary>
    public static bool IsLogLine(ReadOnlySpan<byte> line) => LogText(line, out _);

    /// <summary>A panic or reset cut the dump short (the panic handler may start in the middle of a line).</summary>
    public static bool IsDeviceRestart(ReadOnlySpan<byte> line) =>
        line.IndexOf("Guru Meditation Error"u8) >= 0 || line.StartsWith("abort() was called"u8)
        || line.StartsWith("rst:0x"u8) || line.StartsWith("ESP-ROM:"u8);

    /// <summary>Lines every ESP-IDF boot prints: ROM banner, reset reason, bootloader and startup log lines.</summary>
    public static bool IsBootLine(ReadOnlySpan<byte> line) =>
        line.StartsWith("ESP-ROM:"u8) || line.StartsWith("rst:0x"u8)
        || (LogText(line, out var text) && (text.StartsWith("boot: "u8) || text.StartsWith("boot."u8) || text.StartsWith("cpu_start: "u8)));

    private static bool LogText(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (line.Length < 6 || "EWIDV"u8.IndexOf(line[0]) < 0 || line[1] != (byte)' ' || line[2] != (byte)'(')
        {
            return false;
        }

        var close = line.IndexOf(") "u8);
        if (close < 4 || close > 32 || line[3..close].IndexOfAnyExcept("0123456789:."u8) >= 0)
        {
            return false;
        }

        text = line[(close + 2)..];
        return true;
    }

    private static bool StartsWithDigit(ReadOnlySpan<byte> line) => !line.IsEmpty && char.IsAsciiDigit((char)line[0]);

    private static bool Literal(ref ReadOnlySpan<byte> s, ReadOnlySpan<byte> text)
    {
        if (!s.StartsWith(text))
        {
            return false;
        }

        s = s[text.Length..];
        return true;
    }

    /// <summary>Up to 18 decimal digits (the device prints 32-bit counts).</summary>
    private static bool Decimal(ref ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit((char)s[i]); i++)
        {
            if (i == 18)
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        s = s[i..];
        return i > 0;
    }

    /// <summary>A pointer as <c>%p</c> prints it: 0x and up to 16 hex digits (the 0x is optional).</summary>
    private static bool Pointer(ref ReadOnlySpan<byte> s, out ulong value)
    {
        var t = s.Length > 1 && s[0] == (byte)'0' && (s[1] | 0x20) == (byte)'x' ? s[2..] : s;
        value = 0;
        var i = 0;
        for (; i < t.Length && char.IsAsciiHexDigit((char)t[i]); i++)
        {
            if (i == 16)
            {
                return false;
            }

            var c = t[i] | 0x20;
            value = (value << 4) | (uint)(c <= '9' ? c - '0' : c - 'a' + 10);
        }

        s = t[i..];
        return i > 0;
    }
}
