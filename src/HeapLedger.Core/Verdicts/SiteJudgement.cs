namespace HeapLedger.Core.Verdicts;

/// <param name="Confidence">Confidence in the verdict given, 0..1.</param>
/// <param name="OnsetAllocations">For a leak, the allocation count where its floor began to rise.</param>
public sealed record SiteJudgement(
    Verdict Verdict,
    double Confidence,
    long? OnsetAllocations,
    double GrowthBytesPerThousandAllocations,
    double? GrowthBytesPerHour);
