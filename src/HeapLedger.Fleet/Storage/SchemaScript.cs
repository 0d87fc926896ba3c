namespace HeapLedger.Fleet.Storage;

/// <summary>One migration: its number, its file name without <c>.sql</c>, its text.</summary>
internal sealed record SchemaScript(int Version, string Name, string Sql);
