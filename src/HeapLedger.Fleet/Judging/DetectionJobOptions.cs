namespace HeapLedger.Fleet.Judging;

/// <summary>How the detection job runs (configuration section <c>Detection</c>, docs/fleet-service.md).</summary>
public sealed record DetectionJobOptions
{
    public static DetectionJobOptions Default { get; } = new();

    /// <summary>Time between runs of the hosted job.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The biggest allocation the firmware must still be able to make (the detector's reserve).</summary>
    public long ReserveBytes { get; init; }

    /// <summary>How far back from its latest heartbeat a device's series is read for the detector.</summary>
    public TimeSpan History { get; init; } = TimeSpan.FromDays(90);

    /// <summary>At most this many of a device's most recent heartbeats are read (a minute's cadence for 90 days); bounds memory per device.</summary>
    public int MaxPointsPerDevice { get; init; } = 130_000;

    /// <summary>At most this many of a device's most recent site samples (one site in one heartbeat) are read to judge its sites: 20 sites hourly for 90 days is 43,200.</summary>
    public int MaxSiteSamplesPerDevice { get; init; } = 1_000_000;

    /// <summary>Heartbeats older than this many days (by their own time) are deleted; 0 keeps everything.</summary>
    public int RetentionDays { get; init; }

    /// <summary>Retention runs at most this often, on the job's schedule.</summary>
    public TimeSpan RetentionEvery { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Devices read from the store per page, and judgements written per transaction.</summary>
    public int PageSize { get; init; } = 256;
}
