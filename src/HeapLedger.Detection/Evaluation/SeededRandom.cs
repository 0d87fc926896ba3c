namespace HeapLedger.Detection.Evaluation;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the same numbers on every runtime and platform, which
/// <see cref="Random"/> does not promise across .NET versions. One instance per device, seeded from
/// the fleet seed and the device's index, so a device is the same whether generated alone or in a
/// fleet, in any order, on any number of threads.
/// </summary>
internal sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix(ref state);
        _s1 = SplitMix(ref state);
        _s2 = SplitMix(ref state);
        _s3 = SplitMix(ref state);
    }

    public static SeededRandom ForDevice(int fleetSeed, int deviceIndex)
    {
        var state = ((ulong)(uint)fleetSeed << 32) ^ (uint)deviceIndex;
        return new SeededRandom(SplitMix(ref state) ^ 0x5EED_F1EE_7000_0001UL);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>Uniform on a log scale: as many devices with rates between 3 and 9 days as between 30 and 90.</summary>
    public double LogUniform(double low, double high) => Math.Exp(Uniform(Math.Log(low), Math.Log(high)));

    public bool Chance(double probability) => NextDouble() < probability;

    public int Below(int exclusiveHigh) => (int)(NextDouble() * exclusiveHigh);

    public double Normal()
    {
        // Box–Muller; 1 - u keeps the logarithm's argument in (0, 1].
        var u = 1.0 - NextDouble();
        var v = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    public double Exponential(double mean) => -mean * Math.Log(1.0 - NextDouble());

    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Normal())));
        }

        // Knuth's product of uniforms: fine for the small means of leaked chunks per hour.
        var limit = Math.Exp(-mean);
        var product = NextDouble();
        var count = 0;
        while (product > limit)
        {
            product *= NextDouble();
            count++;
        }

        return count;
    }

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E37_79B9_7F4A_7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
