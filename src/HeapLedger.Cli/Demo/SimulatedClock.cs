namespace HeapLedger.Cli.Demo;

/// <summary>
/// The demo's clock: the simulated day's end while that day is replayed, so the store and the
/// detection job date their judgements (and first flags) in the fleet's time, not the wall's.
/// </summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
