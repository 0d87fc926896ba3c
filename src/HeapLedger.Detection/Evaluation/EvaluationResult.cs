namespace HeapLedger.Detection.Evaluation;

/// <summary>The figures of every detector on one fleet.</summary>
/// <param name="Source">What was evaluated, for the report's heading.</param>
/// <param name="JudgeEvery">Simulated time between judgements of a device.</param>
public sealed record EvaluationResult(string Source, int Devices, IReadOnlyList<DetectorScore> Scores, TimeSpan JudgeEvery, TimeSpan Elapsed);
