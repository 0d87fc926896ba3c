using static HeapLedger.Formats.Symbols.DwarfConstants;

namespace HeapLedger.Formats.Symbols;

/// <summary>
/// The functions of one unit that have code: out-of-line subprograms at the roots, the
/// subroutines inlined into them as children (lexical blocks in between are flattened away).
/// </summary>
internal sealed class DwarfFunctionTree
{
    private readonly List<Node> nodes;
    private readonly List<AddressRange> ranges;

    /// <summary>Every range of every root, sorted by start.</summary>
    private readonly (AddressRange Range, int Node)[] roots;

    /// <summary>For each root range (by start), the largest end of it and all before it.</summary>
    private readonly ulong[] endsSoFar;

    private DwarfFunctionTree(List<Node> nodes, List<AddressRange> ranges)
    {
        this.nodes = nodes;
        this.ranges = ranges;
        var rootRanges = new List<(AddressRange, int)>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node.Parent < 0)
            {
                for (var r = 0; r < node.RangeCount; r++)
                {
                    rootRanges.Add((ranges[node.FirstRange + r], i));
                }
            }
            else
            {
                (nodes[node.Parent].Children ??= []).Add(i);
            }
        }

        roots = [.. rootRanges];
        Array.Sort(roots, static (a, b) => a.Range.Start.CompareTo(b.Range.Start));
        endsSoFar = new ulong[roots.Length];
        for (var i = 0; i < roots.Length; i++)
        {
            endsSoFar[i] = Math.Max(roots[i].Range.End, i > 0 ? endsSoFar[i - 1] : 0);
        }
    }

    public static DwarfFunctionTree Read(DwarfSections sections, DwarfUnit unit)
    {
        var nodes = new List<Node>();
        var ranges = new List<AddressRange>();
        var reader = new ByteReader(sections.Info.AsSpan(0, unit.End), ".debug_info", unit.FirstDie);

        // For each open DIE with children: the nearest enclosing function node (-1 for none).
        var enclosing = new List<int>();
        while (reader.Remaining > 0)
        {
            var dieOffset = (ulong)reader.Position;
            var code = reader.ULeb128();
            if (code == 0)
            {
                if (enclosing.Count <= 1)
                {
                    break;
                }

                enclosing.RemoveAt(enclosing.Count - 1);
                continue;
            }

            var abbreviation = unit.Abbreviations.Find(code) ?? throw reader.Corrupt($"unknown abbreviation code {code}");
            var parent = enclosing.Count > 0 ? enclosing[^1] : -1;
            var node = -1;
            if (abbreviation.Tag is TagSubprogram or TagInlinedSubroutine)
            {
                var die = DwarfDie.Read(ref reader, abbreviation, unit.Format);
                var firstRange = ranges.Count;
                if (die.HasCode)
                {
                    unit.CodeRanges(sections, die, ranges);
                }

                if (ranges.Count > firstRange)
                {
                    var inlined = abbreviation.Tag == TagInlinedSubroutine;
                    node = nodes.Count;
                    nodes.Add(new Node(dieOffset, inlined ? parent : -1, inlined, firstRange, ranges.Count - firstRange,
                        die.CallFile.Kind == DwarfValueKind.Constant ? die.CallFile.Value : 0,
                        die.CallLine.Kind == DwarfValueKind.Constant ? (int)Math.Min(die.CallLine.Value, int.MaxValue) : 0));
                }
            }
            else
            {
                DwarfDie.Skip(ref reader, abbreviation, unit.Format);
            }

            if (abbreviation.HasChildren)
            {
                if (enclosing.Count >= SymbolLimits.MaxDieDepth)
                {
                    throw reader.Corrupt($"DIEs nested deeper than {SymbolLimits.MaxDieDepth}");
                }

                enclosing.Add(node >= 0 ? node : parent);
            }
        }

        return new DwarfFunctionTree(nodes, ranges);
    }

    /// <summary>
    /// The functions whose code contains <paramref name="address"/>, innermost (most deeply
    /// inlined) first and the out-of-line function last; empty when no function covers it.
    /// </summary>
    public List<FunctionScope> Find(ulong address)
    {
        var chain = new List<FunctionScope>();
        for (var current = ContainingRoot(address); current >= 0 && chain.Count < SymbolLimits.MaxDieDepth;
            current = ContainingChild(nodes[current], address))
        {
            var node = nodes[current];
            chain.Add(new FunctionScope(node.DieOffset, node.Inlined, node.CallFile, node.CallLine));
        }

        chain.Reverse();
        return chain;
    }

    private int ContainingRoot(ulong address)
    {
        var low = 0;
        var high = roots.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (roots[mid].Range.Start <= address)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        var best = new Candidate(-1, ulong.MaxValue);
        for (var i = low - 1; i >= 0 && endsSoFar[i] > address; i--)
        {
            if (roots[i].Range.Contains(address))
            {
                best = best.Or(roots[i].Node, roots[i].Range.Length);
            }
        }

        return best.Node;
    }

    private int ContainingChild(Node parent, ulong address)
    {
        var best = new Candidate(-1, ulong.MaxValue);
        foreach (var child in parent.Children ?? [])
        {
            var node = nodes[child];
            for (var r = 0; r < node.RangeCount; r++)
            {
                var range = ranges[node.FirstRange + r];
                if (range.Contains(address))
                {
                    best = best.Or(child, range.Length);
                }
            }
        }

        return best.Node;
    }

    /// <summary>
    /// The best function so far: the one with the smallest range containing the address; on a
    /// tie the later one (deeper in the DIE tree), which is addr2line's choice too.
    /// </summary>
    private readonly record struct Candidate(int Node, ulong Length)
    {
        public Candidate Or(int node, ulong length) =>
            length < Length || (length == Length && node > Node) ? new Candidate(node, length) : this;
    }

    private sealed class Node(ulong dieOffset, int parent, bool inlined, int firstRange, int rangeCount, ulong callFile, int callLine)
    {
        public ulong DieOffset { get; } = dieOffset;

        public int Parent { get; } = parent;

        public bool Inlined { get; } = inlined;

        public int FirstRange { get; } = firstRange;

        public int RangeCount { get; } = rangeCount;

        public ulong CallFile { get; } = callFile;

        public int CallLine { get; } = callLine;

        public List<int>? Children { get; set; }
    }
}
