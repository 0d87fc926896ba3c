namespace HeapLedger.Formats.Symbols;

/// <summary>Runs a .debug_line program (DWARF 2-5 state machine) and collects its rows and sequences.</summary>
internal static class LineProgram
{
    private const byte Extended = 0;
    private const byte Copy = 1;
    private const byte AdvancePc = 2;
    private const byte AdvanceLine = 3;
    private const byte SetFile = 4;
    private const byte ConstAddPc = 8;
    private const byte FixedAdvancePc = 9;
    private const byte ExtendedEndSequence = 1;
    private const byte ExtendedSetAddress = 2;
    private const byte ExtendedDefineFile = 3;

    public static void Run(ref ByteReader reader, LineTableHeader header, List<DwarfLineTable.LineRow> rows,
        List<DwarfLineTable.Sequence> sequences)
    {
        var state = new State(header);
        var sequenceStart = rows.Count;

        // Every opcode consumes at least one byte, so the loop always ends.
        while (reader.Remaining > 0)
        {
            var opcode = reader.U8();
            if (opcode >= header.OpcodeBase)
            {
                var adjusted = opcode - header.OpcodeBase;
                state.Advance((ulong)(adjusted / header.LineRange));
                state.Line += header.LineBase + (adjusted % header.LineRange);
                rows.Add(state.Row());
                continue;
            }

            switch (opcode)
            {
                case Extended:
                    var length = reader.ULeb128();
                    if (length > (ulong)reader.Remaining)
                    {
                        throw reader.Corrupt($"extended opcode length 0x{length:x} runs past the line table");
                    }

                    var next = reader.Position + (int)length;
                    if (length == 0)
                    {
                        continue;
                    }

                    switch (reader.U8())
                    {
                        case ExtendedEndSequence:
                            AddSequence(rows, sequenceStart, state.Address, sequences);
                            sequenceStart = rows.Count;
                            state = new State(header);
                            break;
                        case ExtendedSetAddress:
                            state.Address = reader.UInt((int)length - 1);
                            state.OperationIndex = 0;
                            break;
                        case ExtendedDefineFile:
                            var name = reader.CString();
                            header.Files.Add((name, reader.ULeb128()));
                            break;
                        default:
                            break;
                    }

                    reader.Position = next;
                    break;
                case Copy:
                    rows.Add(state.Row());
                    break;
                case AdvancePc:
                    state.Advance(reader.ULeb128());
                    break;
                case AdvanceLine:
                    state.Line += reader.SLeb128();
                    break;
                case SetFile:
                    state.File = reader.ULeb128();
                    break;
                case ConstAddPc:
                    state.Advance((ulong)((255 - header.OpcodeBase) / header.LineRange));
                    break;
                case FixedAdvancePc:
                    state.Address += reader.U16();
                    state.OperationIndex = 0;
                    break;
                default:
                    // Opcodes 5-7 and 10-12 (column, flags, ISA) and any the producer added:
                    // skip the operands the header says they take.
                    for (var i = 0; i < header.StandardOpcodeLengths[opcode - 1]; i++)
                    {
                        reader.ULeb128();
                    }

                    break;
            }
        }
    }

    private static void AddSequence(List<DwarfLineTable.LineRow> rows, int first, ulong end,
        List<DwarfLineTable.Sequence> sequences)
    {
        var count = rows.Count - first;
        if (count == 0)
        {
            return;
        }

        var ordered = true;
        for (var i = first + 1; i < rows.Count && ordered; i++)
        {
            ordered = rows[i - 1].Address <= rows[i].Address;
        }

        if (!ordered)
        {
            // Keep rows at one address in program order, since the last of them wins a lookup.
            var slice = rows.GetRange(first, count).Select((row, index) => (row, index))
                .OrderBy(x => x.row.Address).ThenBy(x => x.index).Select(x => x.row).ToList();
            for (var i = 0; i < count; i++)
            {
                rows[first + i] = slice[i];
            }
        }

        var start = rows[first].Address;
        if (end > start)
        {
            sequences.Add(new DwarfLineTable.Sequence(start, end, first, count));
        }
    }

    private struct State(LineTableHeader header)
    {
        private readonly ulong minimumInstructionLength = header.MinimumInstructionLength;
        private readonly ulong operationsPerInstruction = Math.Max((byte)1, header.MaximumOperationsPerInstruction);

        public ulong Address;
        public ulong OperationIndex;
        public ulong File = 1;
        public long Line = 1;

        public void Advance(ulong operations)
        {
            if (operationsPerInstruction == 1)
            {
                Address += minimumInstructionLength * operations;
                return;
            }

            // VLIW: the address moves by whole instructions, the index within one.
            var total = OperationIndex + operations;
            Address += minimumInstructionLength * (total / operationsPerInstruction);
            OperationIndex = total % operationsPerInstruction;
        }

        public readonly DwarfLineTable.LineRow Row() =>
            new(Address, File, Line is < 0 or > int.MaxValue ? 0 : (int)Line);
    }
}
