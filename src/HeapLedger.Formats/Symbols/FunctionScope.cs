namespace HeapLedger.Formats.Symbols;

/// <summary>
/// One function in an inline chain: its DIE (for the name), whether it was inlined, and where
/// it was inlined from (file index in the unit's line table, line).
/// </summary>
internal readonly record struct FunctionScope(ulong DieOffset, bool Inlined, ulong CallFile, int CallLine);
