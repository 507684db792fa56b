namespace Research.Metrics.Aggregation;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014), used to expand one seed into xoshiro state. Written out here so that resampling
/// never depends on the runtime's <see cref="Random"/>, whose algorithm may change between .NET versions.
/// </summary>
internal struct SplitMix64
{
    private ulong state;

    public SplitMix64(ulong seed) => state = seed;

    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
