using HeapLedger.Core.Events;
using HeapLedger.Formats.Input;

namespace HeapLedger.Formats.Heaptrack;

/// <summary>
/// Reads heaptrack's final (interpreted) files in one forward pass: strings, instruction
/// pointers with their inlined frames, the trace tree and allocation infos are kept (they are
/// what a site is), allocation and free records stream straight into the sink.
/// </summary>
public sealed class HeaptrackReader
{
    private readonly LineReader lines;
    private readonly ITraceSink sink;
    private readonly TraceLimits limits;
    private readonly List<string> strings = [string.Empty];
    private readonly List<Frame[]> ips = [[]];
    private readonly List<int> traceIp = [0];
    private readonly List<int> traceParent = [0];
    private readonly List<int> traceStack = [-1];
    private long[] infoSize = new long[1024];
    private int[] infoStack = new int[1024];
    private int infoCount;
    private int fileFormat = 3;

    public HeaptrackReader(LineReader lines, ITraceSink sink, TraceLimits limits)
    {
        this.lines = lines;
        this.sink = sink;
        this.limits = limits;
    }

    /// <summary>Events read: allocations plus frees.</summary>
    public long Events { get; private set; }

    public string? CommandLine { get; private set; }

    public void Read(Action<long>? progress = null)
    {
        var nextProgress = 1L << 22;
        long lineNumber = 0;
        var hexValue = HexValue;
        while (lines.TryReadChunk(out var chunk))
        {
            var pos = 0;
            while (pos < chunk.Length)
            {
                lineNumber++;
                var first = chunk[pos];

                // The hot path, nine lines in ten: "+ <hex>\n" or "- <hex>\n", parsed in place.
                // The chunk ends with '\n', which stops the digit loop.
                if ((first == (byte)'+' || first == (byte)'-') && chunk[pos + 1] == (byte)' ')
                {
                    var i = pos + 2;
                    ulong index = 0;
                    byte digit;
                    while ((digit = hexValue[chunk[i]]) < 16)
                    {
                        index = (index << 4) | digit;
                        i++;
                    }

                    var digits = i - pos - 2;
                    if (chunk[i] == (byte)'\n' && digits is > 0 and <= 8 && index < (ulong)infoCount)
                    {
                        Events++;
                        if (first == (byte)'+')
                        {
                            sink.Allocate(infoStack[index], infoSize[index], 0);
                        }
                        else
                        {
                            sink.FreeKnown(infoStack[index], infoSize[index]);
                        }

                        pos = i + 1;
                        continue;
                    }
                }

                var length = chunk[pos..].IndexOf((byte)'\n');
                lines.Mark(lineNumber, lines.ChunkOffset + pos);
                Record(chunk.Slice(pos, length));
                pos += length + 1;
            }

            if (lines.BytesRead >= nextProgress)
            {
                progress?.Invoke(lines.BytesRead);
                nextProgress = lines.BytesRead + (1L << 22);
            }
        }
    }

    /// <summary>Hex digit values; 0xFF for anything that is not one.</summary>
    private static ReadOnlySpan<byte> HexValue =>
    [
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 255, 255, 255, 255, 255,
        255, 10, 11, 12, 13, 14, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 10, 11, 12, 13, 14, 15, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    ];

    private void Record(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return;
        }

        switch (line[0])
        {
            case (byte)'+':
                Allocation(line, free: false);
                break;
            case (byte)'-':
                Allocation(line, free: true);
                break;
            case (byte)'c':
                sink.AdvanceTime((long)Field(line, 1, "timestamp"));
                break;
            case (byte)'a':
                AllocationInfo(line);
                break;
            case (byte)'t':
                TraceNode(line);
                break;
            case (byte)'i':
                InstructionPointer(line);
                break;
            case (byte)'s':
                StringEntry(line);
                break;
            case (byte)'v':
                Version(line);
                break;
            case (byte)'X':
                CommandLine = System.Text.Encoding.UTF8.GetString(line.Length > 2 ? line[2..] : default);
                break;
            case (byte)'#':
            case (byte)'I':
            case (byte)'R':
            case (byte)'S':
            case (byte)'A':
                // 'A' (attached at run time) resets heaptrack's totals; the ledger keeps going,
                // since what was allocated before attaching was never seen anyway.
                break;
            case (byte)'m':
            case (byte)'x':
                throw RawFile();
            default:
                throw lines.Error($"unknown record type '{Excerpt.Printable(line[0])}' at byte offset {lines.LineOffset}; not a heaptrack file, or a corrupt one");
        }
    }

    private void Allocation(ReadOnlySpan<byte> line, bool free)
    {
        var pos = 1;
        if (!Hex.TryField(line, ref pos, out var index) || !Hex.AtEnd(line, pos))
        {
            // Raw files carry "+ size trace pointer" and "- pointer".
            if (pos < line.Length && Hex.TryField(line, ref pos, out _))
            {
                throw RawFile();
            }

            throw lines.Error($"expected '{(free ? '-' : '+')} <allocation index>' in hex, got \"{Excerpt.Of(line)}\"");
        }

        if (index >= (ulong)infoCount)
        {
            throw lines.Error($"allocation index {index:x} used before it is defined ({infoCount} allocation infos so far)");
        }

        Events++;
        var i = (int)index;
        if (free)
        {
            sink.FreeKnown(infoStack[i], infoSize[i]);
        }
        else
        {
            sink.Allocate(infoStack[i], infoSize[i], 0);
        }
    }

    private void AllocationInfo(ReadOnlySpan<byte> line)
    {
        var size = Field(line, 1, "allocation size");
        var trace = Field(line, 2, "trace index");
        if (size > (ulong)limits.MaxAllocationBytes)
        {
            throw lines.Error($"allocation size {size} exceeds the limit of {limits.MaxAllocationBytes} bytes");
        }

        if (trace >= (ulong)traceIp.Count)
        {
            throw lines.Error($"trace index {trace:x} used before it is defined ({traceIp.Count - 1} traces so far)");
        }

        if (infoCount >= limits.MaxAllocationInfos)
        {
            throw lines.Error($"more than {limits.MaxAllocationInfos} allocation infos (TraceLimits.MaxAllocationInfos)");
        }

        if (infoCount == infoSize.Length)
        {
            Array.Resize(ref infoSize, infoSize.Length * 2);
            Array.Resize(ref infoStack, infoStack.Length * 2);
        }

        infoSize[infoCount] = (long)size;
        infoStack[infoCount] = StackOf((int)trace);
        infoCount++;
    }

    private int StackOf(int trace)
    {
        var cached = traceStack[trace];
        if (cached >= 0)
        {
            return cached;
        }

        var frames = new List<Frame>();
        for (var t = trace; t != 0 && frames.Count < limits.MaxStackDepth; t = traceParent[t])
        {
            frames.AddRange(ips[traceIp[t]]);
        }

        var id = sink.RegisterStack(frames);
        traceStack[trace] = id;
        return id;
    }

    private void TraceNode(ReadOnlySpan<byte> line)
    {
        var ip = Field(line, 1, "instruction pointer index");
        var parent = Field(line, 2, "parent trace index");
        if (ip >= (ulong)ips.Count)
        {
            // Raw files carry absolute addresses here.
            throw ip > 0xFFFFFFF ? RawFile() : lines.Error($"instruction pointer index {ip:x} used before it is defined ({ips.Count - 1} so far)");
        }

        if (parent >= (ulong)traceIp.Count)
        {
            throw lines.Error($"parent trace index {parent:x} used before it is defined ({traceIp.Count - 1} traces so far)");
        }

        if (traceIp.Count > limits.MaxTraces)
        {
            throw lines.Error($"more than {limits.MaxTraces} traces (TraceLimits.MaxTraces)");
        }

        traceIp.Add((int)ip);
        traceParent.Add((int)parent);
        traceStack.Add(-1);
    }

    private void InstructionPointer(ReadOnlySpan<byte> line)
    {
        var pos = 1;
        if (!Hex.TryField(line, ref pos, out var address) || !Hex.TryField(line, ref pos, out var module))
        {
            throw lines.Error($"expected 'i <ip> <module> [<function> [<file> <line>]...]', got \"{Excerpt.Of(line)}\"");
        }

        if (ips.Count > limits.MaxInstructionPointers)
        {
            throw lines.Error($"more than {limits.MaxInstructionPointers} instruction pointers (TraceLimits.MaxInstructionPointers)");
        }

        var moduleName = StringAt(module);
        var triples = new List<(string? Function, string? File, int Line)>();
        while (!Hex.AtEnd(line, pos))
        {
            if (!Hex.TryField(line, ref pos, out var function))
            {
                throw lines.Error($"bad function string index in \"{Excerpt.Of(line)}\"");
            }

            string? file = null;
            var number = 0;
            if (!Hex.AtEnd(line, pos))
            {
                if (!Hex.TryField(line, ref pos, out var fileIndex) || !Hex.TryField(line, ref pos, out var lineNumber) || lineNumber > int.MaxValue)
                {
                    throw lines.Error($"bad file or line field in \"{Excerpt.Of(line)}\"");
                }

                file = StringAt(fileIndex);
                number = (int)lineNumber;
            }

            if (triples.Count >= limits.MaxInlineDepth)
            {
                throw lines.Error($"more than {limits.MaxInlineDepth} inlined frames (TraceLimits.MaxInlineDepth)");
            }

            triples.Add((StringAt(function), file, number));
        }

        Frame[] frames;
        if (triples.Count == 0)
        {
            frames = [new Frame(null, null, 0, moduleName, address)];
        }
        else
        {
            // The first function is where the instruction is (the innermost inlined frame);
            // each next one is the function it was inlined into.
            frames = new Frame[triples.Count];
            for (var k = 0; k < triples.Count; k++)
            {
                var (function, file, number) = triples[k];
                frames[k] = new Frame(function, file, number, moduleName, address, Inlined: k < triples.Count - 1);
            }
        }

        ips.Add(frames);
    }

    private void StringEntry(ReadOnlySpan<byte> line)
    {
        if (strings.Count > limits.MaxStrings)
        {
            throw lines.Error($"more than {limits.MaxStrings} strings (TraceLimits.MaxStrings)");
        }

        var text = line.Length > 2 ? line[2..] : default;
        if (fileFormat >= 3)
        {
            var pos = 1;
            if (!Hex.TryField(line, ref pos, out var length))
            {
                throw lines.Error($"expected 's <hex length> <string>', got \"{Excerpt.Of(line)}\"");
            }

            if (length > (ulong)limits.MaxStringBytes)
            {
                throw lines.Error($"string length {length} exceeds the limit of {limits.MaxStringBytes} bytes");
            }

            text = line[Math.Min(pos + 1, line.Length)..];
            if ((ulong)text.Length != length)
            {
                throw lines.Error($"string length field says {length} bytes but the line holds {text.Length}");
            }
        }

        strings.Add(System.Text.Encoding.UTF8.GetString(text));
    }

    private void Version(ReadOnlySpan<byte> line)
    {
        var pos = 1;
        if (Hex.TryField(line, ref pos, out _) && Hex.TryField(line, ref pos, out var format))
        {
            fileFormat = (int)Math.Min(format, 1000);
        }
    }

    private string? StringAt(ulong index)
    {
        if (index == 0)
        {
            return null;
        }

        if (index >= (ulong)strings.Count)
        {
            throw lines.Error($"string index {index:x} used before it is defined ({strings.Count - 1} strings so far)");
        }

        return strings[(int)index];
    }

    private ulong Field(ReadOnlySpan<byte> line, int field, string what)
    {
        var pos = 1;
        ulong value = 0;
        for (var k = 0; k < field; k++)
        {
            if (!Hex.TryField(line, ref pos, out value))
            {
                throw lines.Error($"expected a hex {what} in field {field}, got \"{Excerpt.Of(line)}\"");
            }
        }

        return value;
    }

    /// <summary>What to tell someone who hands us a raw heaptrack file.</summary>
    public static string RawFileMessage(string path) =>
        "this is a raw (uninterpreted) heaptrack file; interpret it first: " +
        $"zstd -dc '{path}' | /usr/lib/heaptrack/libexec/heaptrack_interpret | zstd > interpreted.zst";

    private Core.HeapLedgerException RawFile() => lines.Error(RawFileMessage(lines.Path));
}
