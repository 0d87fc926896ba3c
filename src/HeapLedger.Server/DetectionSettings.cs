namespace HeapLedger.Server;

/// <summary>The <c>Detection</c> section: how often the job runs and what the detector is told.</summary>
public sealed class DetectionSettings
{
    /// <summary>Seconds between runs; 0 turns the scheduled job off (tests run it by hand).</summary>
    public int IntervalSeconds { get; set; } = 300;

    /// <summary>The biggest allocation the firmware must still be able to make, in bytes.</summary>
    public long ReserveBytes { get; set; }

    /// <summary>Days of each device's history the detector reads.</summary>
    public int HistoryDays { get; set; } = 90;
}
