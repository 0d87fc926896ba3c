namespace HeapLedger.Core.Reports;

/// <summary>What an exhaustion forecast was made from. JSON names: heap-samples, live-bytes.</summary>
public enum ForecastSource
{
    /// <summary>The heap samples a device sent (free, largest free block, heap size).</summary>
    HeapSamples,

    /// <summary>The trace's live bytes (the peak of each timeline span) against --heap-size.</summary>
    LiveBytes,
}
