using Research.Encoders.Levels;

namespace Research.Encoders.HashGrid;

/// <summary>
/// Level table of a torch-ngp / Instant-NGP style 3-D multi-resolution hash grid: per-level resolution ceil(base·s^l)
/// with s = (finest/base)^(1/(L−1)), per-level table size min(2^log2Hashmap, (res+1)³) rounded up to a multiple of 8,
/// in-kernel scale base·s^l − 1. Levels whose dense (res+1)³ grid exceeds the table are spatially hashed.
/// </summary>
public sealed class HashGridLevels
{
    /// <summary>Hash primes of x, y, z (torch-ngp <c>fast_hash</c>; x's prime 1 keeps x-neighbours coherent).</summary>
    public static IReadOnlyList<uint> Primes { get; } = [1u, 2654435761u, 805459861u];

    /// <summary>Creates the table.</summary>
    /// <param name="levels">Number of levels L (≥ 1).</param>
    /// <param name="features">Features per level F (≥ 1).</param>
    /// <param name="baseResolution">Coarsest resolution.</param>
    /// <param name="desiredResolution">Finest ("desired") resolution; may be smaller than the base (shrinking scales).</param>
    /// <param name="log2HashmapSize">log2 of the maximum table size per level; larger levels are hashed.</param>
    /// <param name="bound">Inputs are normalised by u = (p + bound)/(2·bound).</param>
    public HashGridLevels(int levels = 12, int features = 3, double baseResolution = 16, double desiredResolution = 38.4, int log2HashmapSize = 14, double bound = 0.15)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(levels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baseResolution);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(desiredResolution);
        ArgumentOutOfRangeException.ThrowIfLessThan(log2HashmapSize, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(log2HashmapSize, 26);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        Levels = levels;
        Features = features;
        BaseResolution = baseResolution;
        DesiredResolution = desiredResolution;
        Log2HashmapSize = log2HashmapSize;
        Bound = bound;
        var ladder = LevelLadder.Build(levels, baseResolution, desiredResolution, log2HashmapSize, 3);
        if ((long)ladder.Offsets[levels] * features > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(features), "HashGridLevels: the embedding table would exceed 2^31 elements.");
        }

        PerLevelScale = ladder.PerLevelScale;
        Resolutions = ladder.Resolutions;
        TableSizes = ladder.TableSizes;
        Offsets = ladder.Offsets;
        Scales = ladder.Scales;
        Hashed = ladder.Hashed;
    }

    /// <summary>Number of levels L.</summary>
    public int Levels { get; }

    /// <summary>Features per level F.</summary>
    public int Features { get; }

    /// <summary>Coarsest resolution.</summary>
    public double BaseResolution { get; }

    /// <summary>Finest ("desired") resolution.</summary>
    public double DesiredResolution { get; }

    /// <summary>log2 of the per-level table size cap.</summary>
    public int Log2HashmapSize { get; }

    /// <summary>Normalisation bound.</summary>
    public double Bound { get; }

    /// <summary>Per-level scale s = (finest/base)^(1/(L−1)).</summary>
    public double PerLevelScale { get; }

    /// <summary>Per-level resolution ceil(base·s^l).</summary>
    public IReadOnlyList<int> Resolutions { get; }

    /// <summary>Per-level table rows (padded to a multiple of 8).</summary>
    public IReadOnlyList<int> TableSizes { get; }

    /// <summary>Row offset of each level in the embedding table; the last entry is the total row count.</summary>
    public IReadOnlyList<int> Offsets { get; }

    /// <summary>In-kernel scale base·s^l − 1 per level.</summary>
    public IReadOnlyList<double> Scales { get; }

    /// <summary>Whether a level's dense (res+1)³ grid exceeds its table and is spatially hashed.</summary>
    public IReadOnlyList<bool> Hashed { get; }

    /// <summary>Rows of the embedding table (sum of <see cref="TableSizes"/>).</summary>
    public int TableRows => Offsets[Levels];

    /// <summary>Output width L·F.</summary>
    public int OutputWidth => Levels * Features;

    /// <summary>
    /// TalkingGaussian <c>hash-grid</c> ablation, face branch: the face planes' resolution ladder (16 → 38.4) in 3-D,
    /// 12 levels × 3 features (36-d, the tri-plane width), 2^14 rows per level (levels 6–11 hashed).
    /// </summary>
    public static HashGridLevels Face() => new(12, 3, 16, 256 * 0.15, 14, 0.15);

    /// <summary>
    /// TalkingGaussian <c>hash-grid</c> ablation, mouth branch: the mouth planes' ladder (64 → 57.6, shrinking) in 3-D,
    /// 12 levels × 3 features, 2^14 rows per level (every level hashed).
    /// </summary>
    public static HashGridLevels Mouth() => new(12, 3, 64, 384 * 0.15, 14, 0.15);

    /// <summary>Row of grid corner (<paramref name="gx"/>, <paramref name="gy"/>, <paramref name="gz"/>) inside level <paramref name="level"/>'s table.</summary>
    public int CornerRow(int level, int gx, int gy, int gz)
    {
        var stride = (uint)(Resolutions[level] + 1);
        var size = (uint)TableSizes[level];
        uint index = Hashed[level]
            ? (uint)gx ^ unchecked((uint)gy * Primes[1]) ^ unchecked((uint)gz * Primes[2])
            : unchecked((uint)gx + ((uint)gy * stride) + ((uint)gz * stride * stride));
        return (int)(index % size);
    }
}
