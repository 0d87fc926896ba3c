namespace HeapLedger.Detection.Evaluation;

/// <param name="JudgeEvery">Simulated time between judgements of one device: a fleet service re-judging every 6 hours.</param>
/// <param name="MaxDegreeOfParallelism">Devices judged at once; the budget is two cores.</param>
public sealed record EvaluatorOptions(TimeSpan JudgeEvery, int MaxDegreeOfParallelism = 2)
{
    public static EvaluatorOptions Default { get; } = new(TimeSpan.FromHours(6));
}
