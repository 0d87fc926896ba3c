namespace HeapLedger.Detection.Series;

/// <summary>One parsed heartbeat: whose it is, its figures, and the attribute values on its row.</summary>
internal readonly record struct HeapRow(string Device, HeapPoint Point, IReadOnlyList<KeyValuePair<string, string>> Attributes);
