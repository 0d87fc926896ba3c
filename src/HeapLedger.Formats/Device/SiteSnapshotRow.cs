namespace HeapLedger.Formats.Device;

/// <summary>
/// One site's row of a ledger-mode snapshot (an L record), for readers that follow sites over
/// time: the site named as the reader names it (symbol, source key or address), its live figures
/// since boot, and the line of the record.
/// </summary>
public readonly record struct SiteSnapshotRow(string Site, long LiveCount, long LiveBytes, long Line);
