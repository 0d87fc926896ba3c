using System.Numerics;
using HeapLedger.Fleet.Pivot;

namespace HeapLedger.Fleet.Tests.Pivot;

public sealed class FisherExactTests
{
    [Fact]
    public void TheLadyTastingTeaIsSeventeenSeventieths()
    {
        // Fisher's own example (The Design of Experiments, 1935): 3 of 4 milk-first cups named
        // right; P = (16 + 1) / 70.
        Assert.Equal(17.0 / 70, new FisherExact(8).Greater(3, 1, 1, 3), 14);
    }

    [Theory]
    // scipy.stats.fisher_exact(table, alternative="greater").pvalue, scipy 1.10.1.
    [InlineData(8, 2, 1, 5, 0.024475524475524483)]
    [InlineData(1, 9, 11, 3, 0.9999663480953022)]
    [InlineData(12, 5, 2, 10, 0.005642792638768334)]
    [InlineData(3, 197, 0, 1000, 0.004571839916680707)]
    [InlineData(500, 500, 4500, 4500, 0.513294714980647)]
    [InlineData(40, 9960, 5, 9995, 3.8226266616389264e-08)]
    [InlineData(144, 56, 16, 984, 5.716245450046071e-119)]
    [InlineData(300, 700, 200, 8800, 2.1835016251116297e-182)]
    public void OneSidedPValuesMatchScipy(int a, int b, int c, int d, double expected)
    {
        var p = new FisherExact(a + b + c + d).Greater(a, b, c, d);
        Assert.True(Math.Abs(p - expected) <= expected * 1e-9, $"p = {p:R}, scipy {expected:R}");
    }

    [Fact]
    public void EverySmallTableMatchesTheExactHypergeometricSum()
    {
        var fisher = new FisherExact(16);
        for (var a = 0; a <= 4; a++)
        {
            for (var b = 0; b <= 4; b++)
            {
                for (var c = 0; c <= 4; c++)
                {
                    for (var d = 0; d <= 4; d++)
                    {
                        if (a + b + c + d == 0)
                        {
                            continue;
                        }

                        var exact = ExactGreater(a, b, c, d);
                        var p = fisher.Greater(a, b, c, d);
                        Assert.True(Math.Abs(p - exact) <= 1e-13, $"[[{a},{b}],[{c},{d}]]: {p:R} against {exact:R}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(144, 56, 16, 984)]
    [InlineData(700, 1300, 900, 7100)]
    [InlineData(2, 3000, 0, 7000)]
    [InlineData(60, 940, 400, 8600)]
    public void LargeTablesKeepTheirPrecision(int a, int b, int c, int d)
    {
        var p = new FisherExact(a + b + c + d).Greater(a, b, c, d);
        var exact = ExactGreater(a, b, c, d);
        Assert.True(Math.Abs(p - exact) <= exact * 1e-10, $"{p:R} against {exact:R}");
    }

    [Fact]
    public void AValueNobodyLeakingHasIsNotOverRepresented()
    {
        Assert.Equal(1, new FisherExact(100).Greater(0, 50, 10, 40));
    }

    /// <summary>Σ C(K, x) C(n − K, L − x) / C(n, L) over x ≥ a, in integers, divided once at the end.</summary>
    private static double ExactGreater(int a, int b, int c, int d)
    {
        var n = a + b + c + d;
        var row = a + b;
        var column = a + c;
        BigInteger numerator = 0;
        for (var x = a; x <= Math.Min(row, column); x++)
        {
            numerator += Choose(column, x) * Choose(n - column, row - x);
        }

        var denominator = Choose(n, row);
        return numerator.IsZero ? 0 : Math.Exp(BigInteger.Log(numerator) - BigInteger.Log(denominator));
    }

    private static BigInteger Choose(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return BigInteger.Zero;
        }

        BigInteger result = 1;
        for (var i = 1; i <= Math.Min(k, n - k); i++)
        {
            result = result * (n - i + 1) / i;
        }

        return result;
    }
}
