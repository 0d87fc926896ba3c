namespace HeapLedger.Formats.Device;

/// <summary>What a device record stream said about itself: its header, what was lost or damaged on the way, its last heap figures.</summary>
public sealed class DeviceStreamStats
{
    public string? BuildId { get; set; }

    public string? Mode { get; set; }

    public long Records { get; set; }

    /// <summary>Lines that carried the record prefix but failed their checksum.</summary>
    public long CorruptRecords { get; set; }

    /// <summary>Records missing from the sequence numbers (gaps).</summary>
    public long MissingRecords { get; set; }

    public long Reboots { get; set; }

    public long HeapSamples { get; set; }

    public HeapSample? LastSample { get; set; }

    /// <summary>The lowest free heap any sample reported.</summary>
    public long? LowestFree { get; set; }

    /// <summary>The samples over time, downsampled to a bounded size.</summary>
    public HeapSampleHistory History { get; } = new();
}

/// <param name="Milliseconds">Device time since the first boot in the stream.</param>
public sealed record HeapSample(long Milliseconds, long Free, long MinimumFree, long LargestFree, long HeapSize);
