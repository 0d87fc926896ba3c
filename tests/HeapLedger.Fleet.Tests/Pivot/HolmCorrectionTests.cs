using HeapLedger.Fleet.Pivot;

namespace HeapLedger.Fleet.Tests.Pivot;

public sealed class HolmCorrectionTests
{
    [Fact]
    public void TheSmallestIsMultipliedByMAndTheRestStepDown()
    {
        // m = 4: 0.01 × 4, 0.02 × 3, 0.03 × 2 → 0.06, then 0.04 × 1 held at 0.06 (monotone).
        var adjusted = HolmCorrection.Adjust([0.03, 0.01, 0.04, 0.02]);
        Assert.Equal([0.06, 0.04, 0.06, 0.06], adjusted.Select(static p => Math.Round(p, 12)));
    }

    [Fact]
    public void AdjustedValuesNeverExceedOne()
    {
        Assert.All(HolmCorrection.Adjust([0.5, 0.9, 0.7]), static p => Assert.True(p <= 1));
    }
}
