using HeapLedger.Fleet.Pivot;
using HeapLedger.Fleet.Simulation;
using HeapLedger.Fleet.Storage;

namespace HeapLedger.Cli.Demo;

/// <summary>What a replay of the simulated fleet found, beside the truth it was generated from.</summary>
/// <param name="FirstFlagged">Each device the job ever judged leaking, with the simulated time of the first such run.</param>
/// <param name="AtRisk">The devices leaking at the end, most urgent first (a few).</param>
/// <param name="LeakingAtEnd">How many devices the last judgement calls leaking.</param>
public sealed record DemoOutcome(
    SimulatedFleet Fleet,
    IReadOnlyDictionary<string, DateTimeOffset> FirstFlagged,
    IReadOnlyList<DeviceSummary> AtRisk,
    long LeakingAtEnd,
    PivotReport Pivot,
    string StorePath,
    string ReportPath,
    TimeSpan Elapsed);
