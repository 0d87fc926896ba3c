namespace HeapLedger.Detection.Series;

/// <summary>The text forms of a heap series (docs/formats/heap-series.md).</summary>
public enum HeapSeriesFormat
{
    /// <summary>A header row, then one heartbeat per row.</summary>
    Csv,

    /// <summary>One JSON object per line.</summary>
    Ndjson,
}
