namespace HeapLedger.Formats.EspIdf;

/// <summary>
/// One <c>heap_trace_dump()</c>: its records in the device's list order (oldest allocation first),
/// the figures its header and summary announce, and the checks of one against the other.
/// </summary>
internal sealed class HeapTraceDump(int number, long bannerLine, long announcedRecords, long announcedCapacity)
{
    private readonly List<DumpRecord> records = [];
    private readonly Dictionary<DumpRecordKey, int> index = [];
    private int last = -1;
    private long printedLive;
    private long printedLiveBytes;
    private int repeated;
    private DumpLiveFigures? live;
    private long? recordCount;
    private long? capacity;
    private long? highWaterMark;
    private long? totalAllocations;
    private long? totalFrees;
    private bool overflowNoted;
    private bool duplicatesNoted;
    private bool summaryRead;

    public int Number => number;

    public long BannerLine => bannerLine;

    public IReadOnlyList<DumpRecord> Records => records;

    /// <summary>Allocations traced since <c>heap_trace_start()</c>, when the summary says.</summary>
    public long? TotalAllocations => totalAllocations;

    /// <summary>A "freed by" line may follow (the last line read was a live record).</summary>
    public bool AwaitsFreedBy { get; private set; }

    public bool ListCorrupt { get; set; }

    public bool Contains(DumpRecordKey key) => index.ContainsKey(key);

    public void Add(DumpRecordFields fields, int stack, long line)
    {
        printedLive++;
        printedLiveBytes += fields.Size;
        var key = fields.Key;
        if (index.TryGetValue(key, out last))
        {
            // Printed twice because it was traced while the dump ran: the device says so in the summary.
            repeated++;
        }
        else
        {
            last = records.Count;
            index.Add(key, last);
            records.Add(new DumpRecord(key, stack, 0));
        }

        AwaitsFreedBy = true;
        if (fields.Freed)
        {
            MarkFreed(line);
        }
    }

    public void MarkFreed(long line)
    {
        var record = records[last];
        printedLive--;
        printedLiveBytes -= record.Key.Size;
        if (!record.Freed)
        {
            records[last] = record with { FreedLine = line };
        }

        AwaitsFreedBy = false;
    }

    /// <summary>Reads one summary line. Returns false (and no problem) for a line that is not one.</summary>
    public bool TryReadSummary(ReadOnlySpan<byte> line, out string? problem)
    {
        problem = null;
        AwaitsFreedBy = false;
        summaryRead = true;
        if (line.StartsWith("Mode: Heap Trace "u8) || line.StartsWith("hashmap: "u8) || line.StartsWith("internal records: "u8))
        {
            // The mode is read from the live figures, which 4.x prints without a mode line.
            return true;
        }

        if (DumpSyntax.IsLiveFigures(line))
        {
            problem = DumpSyntax.ParseLiveFigures(line, out var figures);
            live = figures;
            return true;
        }

        if (line.StartsWith("records: "u8))
        {
            problem = DumpSyntax.ParseRecordCounts(line, out var count, out var cap, out var mark);
            (recordCount, capacity, highWaterMark) = (count, cap, mark);
            return true;
        }

        if (line.StartsWith("total "u8))
        {
            problem = DumpSyntax.ParseTotals(line, out var allocations, out var frees);
            totalAllocations = allocations ?? totalAllocations;
            totalFrees = frees ?? totalFrees;
            return true;
        }

        if (line.StartsWith("(NB:"u8))
        {
            overflowNoted |= line.IndexOf("overflowed"u8) >= 0;
            duplicatesNoted |= line.IndexOf("duplicate"u8) >= 0;
            return true;
        }

        return false;
    }

    /// <summary>
    /// What the dump itself says went wrong, or what its figures and its records disagree on. The
    /// header's record count is only checked against a dump that got as far as its summary.
    /// </summary>
    public IEnumerable<string> Problems()
    {
        if (live is { } figures && (figures.Bytes, figures.Allocations) != (printedLiveBytes, printedLive))
        {
            yield return $"the summary counts {figures.Bytes} bytes in {figures.Allocations} live allocations, but the record lines "
                + $"add up to {printedLiveBytes} bytes in {printedLive}: lines were lost from the log";
        }
        else if (summaryRead && records.Count + repeated < announcedRecords)
        {
            yield return $"the header announces {announcedRecords} records but {records.Count + repeated} were read: lines were lost "
                + "from the log, or the dump was printed with heap_trace_dump_caps() for one kind of memory";
        }

        var count = recordCount ?? announcedRecords;
        var cap = capacity ?? announcedCapacity;
        var dropped = DroppedRecords(count);
        if (overflowNoted || count == cap || dropped > 0)
        {
            var mark = highWaterMark is { } m ? $", high water mark {m}" : string.Empty;
            var totals = totalAllocations is { } a ? $"; {a} allocations{(totalFrees is { } f ? $" and {f} frees" : string.Empty)} traced" : string.Empty;
            var lost = dropped > 0 ? $"at least {dropped} of the oldest records were dropped" : "the oldest records were dropped";
            yield return $"the device's trace buffer overflowed ({count} records, {cap} capacity{mark}{totals}): {lost}, so allocations "
                + "made before them are missing; give heap_trace_init_standalone() more records or trace a shorter stretch";
        }

        if (duplicatesNoted || repeated > 0)
        {
            yield return $"allocations were traced while it was printed, so it may list records twice ({repeated} repeated lines were read once)";
        }

        if (ListCorrupt)
        {
            yield return "the device found its list of trace records corrupt and stopped printing it";
        }
    }

    /// <summary>
    /// Records the device dropped, from its own counters. All mode keeps every record, so any
    /// allocation beyond the count was dropped. Leaks mode removes a record per traced free, but also
    /// counts frees of blocks allocated before tracing, so the difference is a lower bound.
    /// </summary>
    private long DroppedRecords(long count)
    {
        if (totalAllocations is not { } allocations || live is not { } figures)
        {
            return 0;
        }

        var expected = figures.AllMode ? allocations : allocations - (totalFrees ?? 0);
        return Math.Max(0, expected - count);
    }
}
