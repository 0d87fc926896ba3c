namespace HeapLedger.Cli.Demo;

/// <summary>What <c>heapledger demo</c> simulates and where it writes: the store and the report go in <paramref name="Out"/>.</summary>
/// <param name="JudgeEvery">Days between runs of the detection job while the fleet is replayed (and always at the end).</param>
public sealed record DemoSettings(int Devices = 600, int Days = 60, int Seed = 1, string? Out = null, int JudgeEvery = 1);
