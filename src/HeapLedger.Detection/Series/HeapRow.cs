namespace HeapLedger.Detection.Series;

/// <summary>One parsed heartbeat: whose it is, its figures, the attribute values on its row, and its site ledgers (none in CSV).</summary>
internal readonly record struct HeapRow(string Device, HeapPoint Point, IReadOnlyList<KeyValuePair<string, string>> Attributes, IReadOnlyList<SiteReading> Sites);
