using System.Text;
using HeapLedger.Core.Events;
using HeapLedger.Core.Ledger;
using HeapLedger.Formats.Input;

namespace HeapLedger.Formats.Mtrace;

/// <summary>
/// Reads glibc mtrace logs: <c>@ caller + ptr size</c>, <c>- ptr</c>, realloc as <c>&lt; old</c>
/// then <c>&gt; new size</c>, failed realloc <c>! ptr size</c>. Frees of pointers that are not
/// live become findings (double free when the pointer was freed before, invalid free otherwise).
/// </summary>
public sealed class MtraceReader
{
    private readonly LineReader lines;
    private readonly AllocationLedger ledger;
    private readonly CallerResolver resolve;
    private readonly TraceLimits limits;
    private readonly Dictionary<string, int> stackByCaller = new(StringComparer.Ordinal);

    public MtraceReader(LineReader lines, AllocationLedger ledger, CallerResolver resolve, TraceLimits limits)
    {
        this.lines = lines;
        this.ledger = ledger;
        this.resolve = resolve;
        this.limits = limits;
    }

    public long Events { get; private set; }

    public void Read(Action<long>? progress = null)
    {
        var nextProgress = 1L << 22;
        while (lines.TryReadLine(out var line))
        {
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty || line[0] == (byte)'=')
            {
                continue;
            }

            Record(line);
            if (lines.BytesRead >= nextProgress)
            {
                progress?.Invoke(lines.BytesRead);
                nextProgress = lines.BytesRead + (1L << 22);
            }
        }
    }

    private void Record(ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> caller = default;
        var rest = line;
        if (line[0] == (byte)'@')
        {
            // "@ caller op ...": the caller ends at the "] " that closes its address.
            var close = line.IndexOf("] "u8);
            if (line.Length < 3 || close < 0)
            {
                throw lines.Error($"expected '@ <caller> <op> ...', got \"{Excerpt.Of(line)}\"");
            }

            caller = line[2..(close + 1)];
            rest = line[(close + 2)..];
        }

        if (rest.Length < 3 || rest[1] != (byte)' ')
        {
            throw lines.Error($"expected one of '+ - < > !' and a pointer, got \"{Excerpt.Of(line)}\"");
        }

        var op = rest[0];
        var fields = rest[2..];
        var space = fields.IndexOf((byte)' ');
        var pointerText = space < 0 ? fields : fields[..space];
        var pointer = Pointer(pointerText, line);
        switch (op)
        {
            case (byte)'+':
            case (byte)'>':
                var size = Size(space < 0 ? default : fields[(space + 1)..], line);
                if (pointer == 0)
                {
                    return;
                }

                Events++;
                ledger.Allocate(StackFor(caller), size, pointer);
                break;
            case (byte)'-':
            case (byte)'<':
                if (pointer == 0)
                {
                    return;
                }

                Events++;
                Free(pointer, caller);
                break;
            case (byte)'!':
                ledger.Report(new Finding(FindingKind.FailedRealloc, SiteName(caller),
                    $"realloc of 0x{pointer:x} failed (out of memory?)", Location()));
                break;
            default:
                throw lines.Error($"unknown mtrace operation '{(char)op}' in \"{Excerpt.Of(line)}\"");
        }
    }

    private void Free(ulong pointer, ReadOnlySpan<byte> caller)
    {
        if (ledger.FreeAddress(pointer))
        {
            return;
        }

        var doubleFree = ledger.WasFreed(pointer);
        ledger.Report(new Finding(
            doubleFree ? FindingKind.DoubleFree : FindingKind.InvalidFree,
            SiteName(caller),
            doubleFree
                ? $"free of 0x{pointer:x}, which was already freed"
                : $"free of 0x{pointer:x}, which was never allocated in this trace",
            Location()));
    }

    private string Location() => $"{lines.Path}:{lines.LineNumber}";

    private string? SiteName(ReadOnlySpan<byte> caller)
    {
        if (caller.IsEmpty)
        {
            return null;
        }

        var frames = ledger.StackFrames(StackFor(caller));
        return frames.Count > 0 ? frames[0].ToString() : null;
    }

    private int StackFor(ReadOnlySpan<byte> caller)
    {
        var lookup = stackByCaller.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = caller.Length <= 512 ? stackalloc char[caller.Length] : new char[caller.Length];
        var count = Encoding.UTF8.GetChars(caller, chars);
        var key = chars[..count];
        if (lookup.TryGetValue(key, out var stack))
        {
            return stack;
        }

        if (stackByCaller.Count >= limits.MaxTraces)
        {
            throw lines.Error($"more than {limits.MaxTraces} distinct callers (TraceLimits.MaxTraces)");
        }

        var text = key.ToString();
        stack = ledger.RegisterStack(Resolve(text));
        stackByCaller.Add(text, stack);
        return stack;
    }

    /// <summary>Parses <c>dso:[0xoff]</c>, <c>dso:(sym+0xoff)[0xoff]</c> or <c>[0xabs]</c>.</summary>
    private IReadOnlyList<Frame> Resolve(string caller)
    {
        if (caller.Length == 0)
        {
            return [new Frame(null, null, 0, null, 0)];
        }

        var open = caller.LastIndexOf('[');
        if (open < 0 || caller[^1] != ']' || !TryHex(caller.AsSpan(open + 1, caller.Length - open - 2), out var address))
        {
            throw lines.Error($"bad caller \"{caller}\": expected dso:[0xoffset], dso:(symbol+0xoff)[0xoffset] or [0xaddress]");
        }

        if (open == 0)
        {
            return resolve(null, address, null);
        }

        var head = caller[..open];
        string? symbol = null;
        if (head.EndsWith(')') && head.LastIndexOf(":(", StringComparison.Ordinal) is var paren and >= 0)
        {
            var inside = head[(paren + 2)..^1];
            var plus = inside.LastIndexOfAny(['+', '-']);
            symbol = plus > 0 ? inside[..plus] : inside;
            head = head[..(paren + 1)];
        }

        var module = head.EndsWith(':') ? head[..^1] : head;
        return resolve(module.Length == 0 ? null : module, address, string.IsNullOrEmpty(symbol) ? null : symbol);
    }

    private ulong Pointer(ReadOnlySpan<byte> text, ReadOnlySpan<byte> line)
    {
        if (text.SequenceEqual("(nil)"u8))
        {
            return 0;
        }

        if (!TryHex(text, out var value))
        {
            throw lines.Error($"bad pointer \"{Encoding.ASCII.GetString(text)}\" in \"{Excerpt.Of(line)}\"");
        }

        return value;
    }

    private long Size(ReadOnlySpan<byte> text, ReadOnlySpan<byte> line)
    {
        if (!TryHex(text, out var value))
        {
            throw lines.Error($"expected a size after the pointer in \"{Excerpt.Of(line)}\"");
        }

        if (value > (ulong)limits.MaxAllocationBytes)
        {
            throw lines.Error($"allocation size {value} exceeds the limit of {limits.MaxAllocationBytes} bytes");
        }

        return (long)value;
    }

    private static bool TryHex(ReadOnlySpan<byte> text, out ulong value)
    {
        if (text.Length > 2 && text[0] == (byte)'0' && (text[1] | 0x20) == (byte)'x')
        {
            text = text[2..];
        }

        var pos = 0;
        return Hex.TryField(text, ref pos, out value) && pos == text.Length;
    }

    private static bool TryHex(ReadOnlySpan<char> text, out ulong value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        return ulong.TryParse(text, System.Globalization.NumberStyles.AllowHexSpecifier, null, out value) && text.Length > 0;
    }
}
