using System.Text;
using HeapLedger.Core;
using HeapLedger.Core.Events;
using HeapLedger.Core.Ledger;
using HeapLedger.Formats.Input;
using HeapLedger.Formats.Mtrace;

namespace HeapLedger.Formats.EspIdf;

/// <summary>
/// Reads the console output of ESP-IDF's <c>heap_trace_dump()</c> in standalone mode (4.x and 5.x,
/// leaks and all modes) out of a device log; boot messages and other text around the dumps are
/// skipped. Each record is an allocation whose first caller is the site; a freed record (all mode)
/// is an allocation freed straight after. There is no clock: the cycle count is per CPU and wraps
/// every few seconds, so event order is the time axis.
/// <para>
/// A log often holds several dumps, and each is a snapshot of the same record buffer, so later ones
/// repeat earlier records. They are read as successive snapshots: a record seen before (same
/// address, size and cycle count) is not allocated again; one that became freed is freed; one a
/// later dump no longer lists is freed at that dump (leaks mode drops a record when its block is
/// freed; a restarted trace or a full buffer drops it too, which the warnings say).
/// </para>
/// </summary>
public sealed class EspIdfHeapTraceReader
{
    private const int MaxWarnings = 100;

    private readonly LineReader lines;
    private readonly AllocationLedger ledger;
    private readonly CallerResolver resolve;
    private readonly TraceLimits limits;
    private readonly Dictionary<string, int> stackByCallers = new(StringComparer.Ordinal);
    private readonly List<ulong> addresses = [];
    private readonly List<string> warnings = [];
    private Dictionary<DumpRecordKey, DumpRecord> previous = [];
    private HeapTraceDump? dump;
    private bool inSummary;
    private int dumps;
    private int restarts;
    private long? lastTotalAllocations;
    private int suppressedWarnings;

    public EspIdfHeapTraceReader(LineReader lines, AllocationLedger ledger, CallerResolver resolve, TraceLimits limits)
    {
        this.lines = lines;
        this.ledger = ledger;
        this.resolve = resolve;
        this.limits = limits;
    }

    /// <summary>Events given to the ledger: allocations plus frees.</summary>
    public long Events { get; private set; }

    /// <summary>What the dumps lost or got wrong (an overflowed buffer, lines missing from the log), each naming file:line.</summary>
    public IReadOnlyList<string> Warnings => warnings;

    /// <summary>Recognises a device log with heap trace dumps, or an ESP-IDF boot log that may have them further on.</summary>
    public static bool Looks(ReadOnlySpan<byte> head)
    {
        foreach (var range in head.Split((byte)'\n'))
        {
            var line = DumpSyntax.Clean(head[range]);
            if (DumpSyntax.IsBanner(line) || DumpSyntax.IsLegacyHeader(line) || DumpSyntax.IsBootLine(line)
                || (DumpSyntax.IsRecord(line) && line.IndexOf(" allocated CPU "u8) >= 0))
            {
                return true;
            }
        }

        return false;
    }

    public void Read(Action<long>? progress = null)
    {
        var nextProgress = 1L << 22;
        string? pending = null;
        HeapLedgerException? pendingError = null;
        long pendingLine = 0;
        while (lines.TryReadLine(out var line))
        {
            // A bad line is only an error when the log goes on: a capture cut off mid-line is common.
            if (pendingError is not null)
            {
                throw pendingError;
            }

            pending = Line(DumpSyntax.Clean(line));
            if (pending is not null)
            {
                pendingError = lines.Error(pending);
                pendingLine = lines.LineNumber;
            }

            if (lines.BytesRead >= nextProgress)
            {
                progress?.Invoke(lines.BytesRead);
                nextProgress = lines.BytesRead + (1L << 22);
            }
        }

        if (pending is not null)
        {
            Warn(pendingLine, $"the log ends in the middle of a line, which was not used ({pending})");
        }

        if (dump is not null)
        {
            EndDump(inSummary ? null : "the log ends before its summary");
        }

        if (dumps == 0)
        {
            throw new HeapLedgerException(
                $"{lines.Path}: no heap trace dump in {lines.LineNumber} lines; expected the output of heap_trace_dump(), which starts with {DumpSyntax.BannerShape} (ESP-IDF 5) or {DumpSyntax.LegacyHeaderShape} (4.x)");
        }

        if (suppressedWarnings > 0)
        {
            warnings.Add($"{lines.Path}: {suppressedWarnings} more warnings like these not shown");
        }

        if (restarts > 0)
        {
            warnings.Add($"{lines.Path}: {restarts} of the {dumps} dumps begin a new trace (heap_trace_start() between dumps), so blocks "
                + "an earlier trace listed count as freed once a later dump no longer lists them and a leak that spans traces looks flat; "
                + "to see growth, dump now and then during one trace");
        }
    }

    private string? Line(ReadOnlySpan<byte> line)
    {
        if (dump is null)
        {
            return StartDump(line);
        }

        if (inSummary)
        {
            if (DumpSyntax.IsRule(line))
            {
                EndDump(null);
                return null;
            }

            if (line.IsEmpty)
            {
                return null;
            }

            if (dump.TryReadSummary(line, out var summaryProblem))
            {
                return summaryProblem is null ? null : $"{summaryProblem}, got \"{Excerpt.Of(line)}\"";
            }

            // 4.x ends its summary without a rule: the first line that is not part of it.
            EndDump(null);
            return StartDump(line);
        }

        return RecordsLine(line, dump);
    }

    private string? RecordsLine(ReadOnlySpan<byte> line, HeapTraceDump current)
    {
        if (line.IsEmpty || DumpSyntax.IsMonitorDecoding(line) || DumpSyntax.IsLogLine(line))
        {
            return null;
        }

        if (DumpSyntax.IsDeviceRestart(line))
        {
            EndDump($"the device crashed or restarted (line {lines.LineNumber}) before the dump ended");
            return null;
        }

        if (DumpSyntax.IsRecord(line))
        {
            return Record(line, current);
        }

        if (DumpSyntax.IsFreedBy(line))
        {
            if (!current.AwaitsFreedBy)
            {
                return $"a 'freed by' line that follows no live record: \"{Excerpt.Of(line)}\"";
            }

            var problem = DumpSyntax.ParseAddresses(DumpSyntax.FreedByList(line), addresses, allowNull: true, limits.MaxStackDepth);
            if (problem is not null)
            {
                return $"{problem}: \"{Excerpt.Of(line)}\"";
            }

            current.MarkFreed(lines.LineNumber);
            return null;
        }

        if (line.StartsWith("====== Heap Trace Summary"u8))
        {
            inSummary = true;
            return null;
        }

        if (DumpSyntax.IsLiveFigures(line))
        {
            // 4.x has no summary banner: its summary starts with the live figures.
            inSummary = true;
            return Line(line);
        }

        if (line.StartsWith("Error: heap trace"u8))
        {
            current.ListCorrupt = true;
            return null;
        }

        if (DumpSyntax.IsBanner(line) || DumpSyntax.IsLegacyHeader(line))
        {
            EndDump($"the next dump starts (line {lines.LineNumber}) before this one's summary");
            return StartDump(line);
        }

        return $"expected a heap trace record {DumpSyntax.RecordShape}, a 'freed by' line or the summary, got \"{Excerpt.Of(line)}\"";
    }

    private string? StartDump(ReadOnlySpan<byte> line)
    {
        string? problem;
        long records, capacity;
        if (DumpSyntax.IsBanner(line))
        {
            problem = DumpSyntax.ParseBanner(line, out records, out capacity);
        }
        else if (DumpSyntax.IsLegacyHeader(line))
        {
            problem = DumpSyntax.ParseLegacyHeader(line, out records, out capacity);
        }
        else
        {
            return null;
        }

        if (problem is not null)
        {
            return $"{problem}, got \"{Excerpt.Of(line)}\"";
        }

        dump = new HeapTraceDump(++dumps, lines.LineNumber, records, capacity);
        inSummary = false;
        return null;
    }

    private string? Record(ReadOnlySpan<byte> line, HeapTraceDump current)
    {
        var problem = DumpSyntax.ParseRecord(line, out var fields, out var callers);
        if (problem is not null)
        {
            return $"{problem} in \"{Excerpt.Of(line)}\"; expected {DumpSyntax.RecordShape}";
        }

        if (fields.Size > limits.MaxAllocationBytes)
        {
            throw lines.Error($"allocation size {fields.Size} exceeds the limit of {limits.MaxAllocationBytes} bytes (TraceLimits.MaxAllocationBytes)");
        }

        if (current.Records.Count >= limits.MaxAllocationInfos)
        {
            throw lines.Error($"more than {limits.MaxAllocationInfos} records in one dump (TraceLimits.MaxAllocationInfos)");
        }

        problem = DumpSyntax.ParseAddresses(callers, addresses, allowNull: false, limits.MaxStackDepth);
        if (problem is not null)
        {
            return $"{problem}: \"{Excerpt.Of(line)}\"";
        }

        current.Add(fields, StackFor(callers), lines.LineNumber);
        return null;
    }

    /// <summary>The stack of a caller list already in <see cref="addresses"/>, registered once per distinct list.</summary>
    private int StackFor(ReadOnlySpan<byte> callers)
    {
        if (!callers.IsEmpty && callers[^1] == (byte)':')
        {
            callers = callers[..^1];
        }

        var lookup = stackByCallers.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> key = callers.Length <= 512 ? stackalloc char[callers.Length] : new char[callers.Length];
        Encoding.Latin1.GetChars(callers, key);
        if (lookup.TryGetValue(key, out var stack))
        {
            return stack;
        }

        if (stackByCallers.Count >= limits.MaxTraces)
        {
            throw lines.Error($"more than {limits.MaxTraces} distinct caller lists (TraceLimits.MaxTraces)");
        }

        var frames = new List<Frame>();
        foreach (var address in addresses)
        {
            frames.AddRange(resolve(null, address, null));
        }

        if (frames.Count == 0)
        {
            // A stack depth of 0 records no caller.
            frames.Add(new Frame(null, null, 0, null, 0));
        }

        stack = ledger.RegisterStack(frames);
        stackByCallers.Add(key.ToString(), stack);
        return stack;
    }

    private void EndDump(string? cutShort)
    {
        var ended = dump!;
        dump = null;
        inSummary = false;
        if (cutShort is not null)
        {
            Warn(ended.BannerLine, $"heap trace dump {ended.Number}: {cutShort}; its records so far are used");
        }

        foreach (var problem in ended.Problems())
        {
            Warn(ended.BannerLine, $"heap trace dump {ended.Number}: {problem}");
        }

        Apply(ended);
    }

    /// <summary>Gives the ledger what changed since the previous dump, in the device's list order.</summary>
    private void Apply(HeapTraceDump snapshot)
    {
        foreach (var (key, record) in previous)
        {
            if (!record.Freed && !snapshot.Contains(key))
            {
                Free(record);
            }
        }

        var current = new Dictionary<DumpRecordKey, DumpRecord>(snapshot.Records.Count);
        var fresh = 0L;
        foreach (var record in snapshot.Records)
        {
            var seen = previous.TryGetValue(record.Key, out var before);
            if (!seen)
            {
                ledger.Allocate(record.Stack, record.Key.Size, record.Key.Address);
                Events++;
                fresh++;
            }

            if (record.Freed && !(seen && before.Freed))
            {
                Free(record);
            }

            current[record.Key] = record;
        }

        previous = current;

        // Within one trace the device's count only grows, by at least the records new since the last dump.
        if (snapshot.TotalAllocations is { } total)
        {
            if (total < lastTotalAllocations + fresh)
            {
                restarts++;
            }

            lastTotalAllocations = total;
        }
    }

    /// <summary>Frees a record's block, unless the ledger already gave its address to a later allocation.</summary>
    private void Free(DumpRecord record)
    {
        if (ledger.TryGetLive(record.Key.Address, out var stack, out var size) && stack == record.Stack && size == record.Key.Size
            && ledger.FreeAddress(record.Key.Address))
        {
            Events++;
        }
    }

    private void Warn(long line, string message)
    {
        if (warnings.Count < MaxWarnings)
        {
            warnings.Add($"{lines.Path}:{line}: {message}");
        }
        else
        {
            suppressedWarnings++;
        }
    }
}
