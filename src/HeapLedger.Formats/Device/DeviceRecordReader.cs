using System.Globalization;
using System.Text;
using HeapLedger.Core.Events;
using HeapLedger.Core.Ledger;
using HeapLedger.Formats.Input;
using HeapLedger.Formats.Mtrace;

namespace HeapLedger.Formats.Device;

/// <summary>
/// Reads the device SDK's records (docs/formats/device-records.md) out of a console log: lines
/// without the prefix are skipped, lines whose checksum fails are counted as corrupt, gaps in
/// the sequence are counted as lost records. Trace mode replays allocations and frees; ledger
/// mode replays site snapshots.
/// </summary>
public sealed class DeviceRecordReader
{
    public const int FormatVersion = 1;

    private readonly LineReader lines;
    private readonly AllocationLedger ledger;
    private readonly TraceLimits limits;
    private readonly DeviceSites sites;
    private readonly Dictionary<ulong, (long Allocations, long Frees)> rebootBase = [];
    private readonly Dictionary<ulong, (long Allocations, long Frees)> lastRow = [];
    private readonly Dictionary<string, long> overflows = new(StringComparer.Ordinal);
    private readonly List<(ulong Site, long Allocations, long Frees, long LiveCount, long LiveBytes, long Peak, long Line)> snapshot = [];
    private long snapshotTime = -1;
    private uint? expectedSequence;
    private long timeOffset;
    private long lastTime;
    private long unknownFrees;
    private bool sawHeader;

    public DeviceRecordReader(LineReader lines, AllocationLedger ledger, CallerResolver resolve, TraceLimits limits)
    {
        this.lines = lines;
        this.ledger = ledger;
        this.limits = limits;
        sites = new DeviceSites(ledger, resolve, limits, lines);
    }

    public long Events { get; private set; }

    public DeviceStreamStats Stats { get; } = new();

    /// <summary>Called after each heap sample and each site snapshot: the device's own clock says time to look.</summary>
    public Action? Heartbeat { get; set; }

    /// <summary>
    /// Called with each ledger-mode snapshot, before <see cref="Heartbeat"/>: its time (as the
    /// heap samples') and every site's row. Not called in trace mode, whose snapshots the reader skips.
    /// </summary>
    public Action<long, IReadOnlyList<SiteSnapshotRow>>? SiteSnapshot { get; set; }

    /// <summary>What the stream lost or got wrong, for the user; filled in by <see cref="Read"/>.</summary>
    public List<string> Warnings { get; } = [];

    public void Read(Action<long>? progress = null)
    {
        var nextProgress = 1L << 22;
        while (lines.TryReadLine(out var line))
        {
            var start = line.IndexOf("#HL "u8);
            if (start >= 0)
            {
                Record(line[start..]);
            }

            if (lines.BytesRead >= nextProgress)
            {
                progress?.Invoke(lines.BytesRead);
                nextProgress = lines.BytesRead + (1L << 22);
            }
        }

        FlushSnapshot();
        Finish();
    }

    private void Record(ReadOnlySpan<byte> record)
    {
        if (record[^1] == (byte)'\r')
        {
            record = record[..^1];
        }

        var star = record.LastIndexOf(" *"u8);
        if (star < 0 || record.Length - star - 2 != 4 || !ushort.TryParse(Encoding.ASCII.GetString(record[(star + 2)..]), NumberStyles.AllowHexSpecifier, null, out var crc)
            || Crc16.Compute(record[..star]) != crc)
        {
            Stats.CorruptRecords++;
            return;
        }

        var body = Encoding.UTF8.GetString(record[4..star]);
        var fields = body.Split(' ');
        if (fields.Length < 2 || fields[1].Length != 1)
        {
            throw lines.Error($"device record without a kind: \"{Excerpt.Of(record)}\"");
        }

        var sequence = (uint)Hex(fields[0], "sequence number");
        var kind = fields[1][0];
        Sequence(sequence, kind);
        Stats.Records++;
        if (kind != 'L' && snapshot.Count > 0)
        {
            FlushSnapshot();
        }

        switch (kind)
        {
            case 'H':
                Header(fields);
                break;
            case 'A':
                Need(fields, 6, "A <time> <site> <ptr> <size> [<caller>...]");
                Time(fields[2]);
                Allocate(sites.StackFor(Hex(fields[3], "site"), Callers(fields.AsSpan(6))), Hex(fields[4], "pointer"), Size(fields[5]));
                break;
            case 'F':
                Need(fields, 5, "F <time> <site> <ptr>");
                Time(fields[2]);
                Free(Hex(fields[4], "pointer"));
                break;
            case 'R':
                Need(fields, 7, "R <time> <site> <old-ptr> <new-ptr> <size>");
                Time(fields[2]);
                var old = Hex(fields[4], "old pointer");
                if (old != 0)
                {
                    Free(old);
                }

                var created = Hex(fields[5], "new pointer");
                if (created != 0)
                {
                    Allocate(sites.StackFor(Hex(fields[3], "site"), Callers(fields.AsSpan(7))), created, Size(fields[6]));
                }

                break;
            case 'S':
                Need(fields, 7, "S <time> <free> <min-free> <largest-free> <heap-size>");
                Sample(fields);
                break;
            case 'L':
                Need(fields, 9, "L <time> <site> <allocs> <frees> <live-count> <live-bytes> <peak>");
                Row(fields);
                break;
            case 'N':
                Need(fields, 5, "N <site> <line> <file>");
                sites.Name(Hex(fields[2], "site"), string.Join(' ', fields[4..]), (int)Math.Min(Hex(fields[3], "line"), int.MaxValue));
                break;
            case 'G':
                Need(fields, 7, "G <time> <error> <site> <ptr> <alloc-site>");
                Time(fields[2]);
                Guard(fields);
                break;
            case 'C':
                Need(fields, 7, "C <time> <ptr> <site> <age> <label>");
                Time(fields[2]);
                Contract(fields);
                break;
            case 'O':
                Need(fields, 5, "O <time> <table> <count>");
                Time(fields[2]);
                overflows[fields[3]] = (long)Hex(fields[4], "count");
                break;
            default:
                throw lines.Error($"unknown device record kind '{kind}' in \"{Excerpt.Of(record)}\"");
        }
    }

    private void Header(string[] fields)
    {
        Need(fields, 6, "H <version> <mode> <build-id> <time>");
        var version = Hex(fields[2], "format version");
        if (version != FormatVersion)
        {
            throw lines.Error($"device record format version {version} is not supported (this reader knows version {FormatVersion})");
        }

        if (sawHeader)
        {
            // A reboot: the device's clock and counters start again, and everything it had
            // allocated is gone.
            Stats.Reboots++;
            timeOffset = lastTime;
            ledger.ReleaseAllAddresses();
            foreach (var (site, row) in lastRow)
            {
                var previous = rebootBase.GetValueOrDefault(site);
                rebootBase[site] = (previous.Allocations + row.Allocations, previous.Frees + row.Frees);
            }

            lastRow.Clear();
        }

        sawHeader = true;
        Stats.Mode = fields[3];
        Stats.BuildId = fields[4] == "-" ? null : fields[4];
        Time(fields[5]);
    }

    private void Allocate(int stack, ulong pointer, long size)
    {
        Events++;
        ledger.Allocate(stack, size, pointer);
    }

    private void Free(ulong pointer)
    {
        Events++;
        if (!ledger.FreeAddress(pointer))
        {
            // The SDK reports bad frees itself (G records): an unknown pointer here means its
            // allocation record was lost or predates the stream.
            unknownFrees++;
        }
    }

    private void Sample(string[] fields)
    {
        var sample = new HeapSample(Time(fields[2]), (long)Hex(fields[3], "free"), (long)Hex(fields[4], "min-free"), (long)Hex(fields[5], "largest-free"), (long)Hex(fields[6], "heap-size"));
        Stats.HeapSamples++;
        Stats.LastSample = sample;
        Stats.LowestFree = Math.Min(Stats.LowestFree ?? long.MaxValue, sample.Free);
        Stats.History.Add(sample);
        Heartbeat?.Invoke();
    }

    private void Row(string[] fields)
    {
        var time = Time(fields[2]);
        if (Stats.Mode == "trace")
        {
            return; // trace mode replays every allocation already; its snapshots add nothing
        }

        if (snapshot.Count > 0 && time != snapshotTime)
        {
            FlushSnapshot();
        }

        snapshotTime = time;
        if (snapshot.Count >= limits.MaxTraces)
        {
            throw lines.Error($"more than {limits.MaxTraces} sites in one snapshot (TraceLimits.MaxTraces)");
        }

        snapshot.Add((Hex(fields[3], "site"), (long)Hex(fields[4], "allocations"), (long)Hex(fields[5], "frees"),
            (long)Hex(fields[6], "live count"), (long)Hex(fields[7], "live bytes"), (long)Hex(fields[8], "peak live bytes"), lines.LineNumber));
    }

    private void FlushSnapshot()
    {
        if (snapshot.Count == 0)
        {
            return;
        }

        long newAllocations = 0;
        foreach (var row in snapshot)
        {
            newAllocations += Math.Max(0, row.Allocations - lastRow.GetValueOrDefault(row.Site).Allocations);
        }

        ledger.BeginSnapshot(newAllocations);
        foreach (var row in snapshot)
        {
            var before = rebootBase.GetValueOrDefault(row.Site);
            ledger.Observe(sites.StackFor(row.Site), before.Allocations + row.Allocations, before.Frees + row.Frees, row.LiveCount, row.LiveBytes, row.Peak);
            lastRow[row.Site] = (row.Allocations, row.Frees);
            Events++;
        }

        if (SiteSnapshot is { } onSnapshot)
        {
            var rows = new SiteSnapshotRow[snapshot.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                var row = snapshot[i];
                rows[i] = new SiteSnapshotRow(sites.NameOf(row.Site), row.LiveCount, row.LiveBytes, row.Line);
            }

            onSnapshot(snapshotTime, rows);
        }

        snapshot.Clear();
        Heartbeat?.Invoke();
    }

    private void Guard(string[] fields)
    {
        var (kind, what) = fields[3] switch
        {
            "double-free" => (FindingKind.DoubleFree, "double free"),
            "invalid-free" => (FindingKind.InvalidFree, "free of a pointer the SDK never handed out"),
            "header-corrupt" => (FindingKind.HeapCorruption, "corrupted allocation header"),
            "tail-corrupt" => (FindingKind.HeapCorruption, "corrupted tail canary (a write past the end)"),
            _ => throw lines.Error($"unknown guard error \"{fields[3]}\""),
        };
        var allocSite = Hex(fields[6], "alloc-site");
        var allocated = allocSite == 0 ? string.Empty : $", allocated at {sites.NameOf(allocSite)}";
        ledger.Report(new Finding(kind, sites.NameOf(Hex(fields[4], "site")),
            $"{what}: 0x{Hex(fields[5], "pointer"):x}{allocated}", $"{lines.Path}:{lines.LineNumber}"));
    }

    private void Contract(string[] fields)
    {
        var label = string.Join(' ', fields[6..]);
        ledger.Report(new Finding(FindingKind.ContractViolation, sites.NameOf(Hex(fields[4], "site")),
            $"0x{Hex(fields[3], "pointer"):x} not released {Hex(fields[5], "age")} ms after hl_expect_release(..., \"{label}\")",
            $"{lines.Path}:{lines.LineNumber}"));
    }

    private void Sequence(uint sequence, char kind)
    {
        if (kind == 'H' && sequence == 0)
        {
            expectedSequence = 1;
            return;
        }

        if (expectedSequence is { } expected && sequence != expected)
        {
            var gap = unchecked(sequence - expected);
            Stats.MissingRecords += gap < 0x8000_0000u ? gap : 1;
        }

        expectedSequence = unchecked(sequence + 1);
    }

    private void Finish()
    {
        foreach (var (table, count) in overflows)
        {
            ledger.Report(new Finding(FindingKind.TableOverflow, null,
                $"the device's {table} table overflowed: {count} entries did not fit (raise HL_CONFIG_MAX_{table.ToUpperInvariant()})"));
        }

        if (!sawHeader)
        {
            Warnings.Add($"{lines.Path}: no header record (H); the stream's start is missing");
        }

        if (Stats.CorruptRecords > 0)
        {
            Warnings.Add($"{lines.Path}: {Stats.CorruptRecords} record lines failed their checksum and were not used");
        }

        if (Stats.MissingRecords > 0)
        {
            Warnings.Add($"{lines.Path}: {Stats.MissingRecords} records missing (gaps in the sequence numbers)");
        }

        if (unknownFrees > 0)
        {
            Warnings.Add($"{lines.Path}: {unknownFrees} frees of pointers whose allocation was not in the stream");
        }
    }

    private ulong[] Callers(ReadOnlySpan<string> fields)
    {
        var callers = new ulong[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            callers[i] = Hex(fields[i], "caller");
        }

        return callers;
    }

    private long Time(string field)
    {
        var time = timeOffset + (long)Math.Min(Hex(field, "time"), long.MaxValue / 4);
        if (time > lastTime)
        {
            lastTime = time;
        }

        ledger.AdvanceTime(time);
        return time;
    }

    private long Size(string field)
    {
        var size = Hex(field, "size");
        if (size > (ulong)limits.MaxAllocationBytes)
        {
            throw lines.Error($"allocation size {size} exceeds the limit of {limits.MaxAllocationBytes} bytes");
        }

        return (long)size;
    }

    private ulong Hex(string field, string what)
    {
        if (field.Length is 0 or > 16 || !ulong.TryParse(field, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw lines.Error($"bad {what} \"{field}\" in a device record (expected lowercase hex)");
        }

        return value;
    }

    private void Need(string[] fields, int count, string shape)
    {
        if (fields.Length < count)
        {
            throw lines.Error($"device record too short: expected \"{shape}\"");
        }
    }
}
