namespace HeapLedger.Fleet.Ingest;

/// <summary>How a request body holds heartbeats: one JSON value (an object or an array of them), or one object per line.</summary>
public enum BodyFormat
{
    Json,
    Ndjson,
}
