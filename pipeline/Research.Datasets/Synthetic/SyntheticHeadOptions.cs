namespace Research.Datasets.Synthetic;

/// <summary>
/// Settings of a synthetic talking-head dataset (<see cref="SyntheticDatasetGenerator"/>). Equal options give
/// byte-identical datasets, whatever the thread count.
/// </summary>
public sealed record SyntheticHeadOptions
{
    /// <summary>Clip length in seconds, (0, 3600].</summary>
    public double Seconds { get; init; } = 8;

    /// <summary>Video frame rate, (0, 240].</summary>
    public double Fps { get; init; } = 25;

    /// <summary>Square frame size in pixels, [32, 2048].</summary>
    public int Resolution { get; init; } = 128;

    /// <summary>Seed of the person's look (and voice).</summary>
    public int IdentitySeed { get; init; }

    /// <summary>Seed of what is said and how the face and head move.</summary>
    public int MotionSeed { get; init; }

    /// <summary>
    /// Number of people. With more than one, person k is written to <c>identity_&lt;k&gt;/</c> with identity and motion
    /// seeds derived from (<see cref="IdentitySeed"/>, k) and (<see cref="MotionSeed"/>, k), plus <c>identities.json</c>.
    /// </summary>
    public int Identities { get; init; } = 1;

    /// <summary>2×2 supersampling of colour (labels always come from pixel centres).</summary>
    public bool Supersample { get; init; } = true;

    /// <summary>Worker threads for rendering and encoding; 0 uses every core. Does not change the output.</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is unusable.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Seconds) || Seconds <= 0 || Seconds > 3600)
        {
            throw new ArgumentOutOfRangeException(nameof(Seconds), Seconds, "Seconds must be in (0, 3600].");
        }

        if (!double.IsFinite(Fps) || Fps <= 0 || Fps > 240)
        {
            throw new ArgumentOutOfRangeException(nameof(Fps), Fps, "Fps must be in (0, 240].");
        }

        if ((int)Math.Round(Seconds * Fps, MidpointRounding.AwayFromZero) < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Seconds), Seconds, "The clip must hold at least one frame (Seconds × Fps ≥ 0.5).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Resolution, 32, nameof(Resolution));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Resolution, 2048, nameof(Resolution));
        ArgumentOutOfRangeException.ThrowIfLessThan(Identities, 1, nameof(Identities));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Identities, 10000, nameof(Identities));
        ArgumentOutOfRangeException.ThrowIfNegative(Threads, nameof(Threads));
    }

    /// <summary>The identity seed of person <paramref name="index"/> (the seed itself when there is one person).</summary>
    public int IdentitySeedOf(int index) => Identities == 1 ? IdentitySeed : Derive(IdentitySeed, index, 0x1D);

    /// <summary>The motion seed of person <paramref name="index"/> (the seed itself when there is one person).</summary>
    public int MotionSeedOf(int index) => Identities == 1 ? MotionSeed : Derive(MotionSeed, index, 0x3E);

    /// <summary>Worker threads to use.</summary>
    public int EffectiveThreads => Threads == 0 ? Environment.ProcessorCount : Threads;

    private static int Derive(int seed, int index, ulong salt)
    {
        var random = new Randomness.SeededRandom(seed, salt + ((ulong)(uint)index << 8));
        return (int)(random.NextUInt64() >> 33);
    }
}
