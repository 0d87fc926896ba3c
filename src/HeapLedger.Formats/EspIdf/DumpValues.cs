namespace HeapLedger.Formats.EspIdf;

/// <summary>The fields of one record line.</summary>
internal readonly record struct DumpRecordFields(long Size, ulong Address, int Cpu, uint Ccount, bool Freed)
{
    public DumpRecordKey Key => new(Address, Size, Ccount, Cpu);
}

/// <summary>
/// What makes a record the same record in a later dump: the device keeps no record id, but address,
/// size and the cycle count at allocation (with its CPU) together do not repeat in practice.
/// </summary>
internal readonly record struct DumpRecordKey(ulong Address, long Size, uint Ccount, int Cpu);

/// <summary>A record as read: its stack, and where it was freed (0 while live).</summary>
internal readonly record struct DumpRecord(DumpRecordKey Key, int Stack, long FreedLine)
{
    public bool Freed => FreedLine != 0;
}

/// <summary>"N bytes 'leaked' in trace (M allocations)" or "N bytes alive in trace (M/R allocations)".</summary>
internal readonly record struct DumpLiveFigures(long Bytes, long Allocations, long? Records, bool AllMode);
