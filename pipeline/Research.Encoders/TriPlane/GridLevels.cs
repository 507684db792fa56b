using Research.Encoders.Levels;

namespace Research.Encoders.TriPlane;

/// <summary>
/// Level table of a torch-ngp style 2-D multi-resolution grid (TalkingGaussian <c>gridencoder</c>): per-level
/// resolution ceil(base·s^l) with s = (finest/base)^(1/(L−1)), per-level table size min(2^log2Hashmap, (res+1)²)
/// rounded up to a multiple of 8 (as the official code pads it), in-kernel scale base·s^l − 1.
/// </summary>
public sealed class GridLevels
{
    /// <summary>Creates the table.</summary>
    /// <param name="levels">Number of levels L (≥ 1).</param>
    /// <param name="features">Features per level F (≥ 1).</param>
    /// <param name="baseResolution">Coarsest resolution.</param>
    /// <param name="desiredResolution">Finest ("desired") resolution; may be smaller than the base (shrinking scales).</param>
    /// <param name="log2HashmapSize">log2 of the maximum table size per level; larger levels are hashed.</param>
    /// <param name="bound">Inputs are normalised by u = (p + bound)/(2·bound).</param>
    public GridLevels(int levels = 12, int features = 1, double baseResolution = 16, double desiredResolution = 38.4, int log2HashmapSize = 17, double bound = 0.15)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(levels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baseResolution);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(desiredResolution);
        ArgumentOutOfRangeException.ThrowIfLessThan(log2HashmapSize, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(log2HashmapSize, 30);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        Levels = levels;
        Features = features;
        BaseResolution = baseResolution;
        DesiredResolution = desiredResolution;
        Log2HashmapSize = log2HashmapSize;
        Bound = bound;
        var ladder = LevelLadder.Build(levels, baseResolution, desiredResolution, log2HashmapSize, 2);
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

    /// <summary>Whether a level's dense grid exceeds its table and is spatially hashed.</summary>
    public IReadOnlyList<bool> Hashed { get; }

    /// <summary>Rows of the embedding table of one plane (sum of <see cref="TableSizes"/>).</summary>
    public int TableRows => Offsets[Levels];

    /// <summary>Output width of one plane, L·F.</summary>
    public int PlaneWidth => Levels * Features;

    /// <summary>TalkingGaussian face branch: 12 levels × 1 feature, base 16, finest 256·0.15 = 38.4.</summary>
    public static GridLevels Face() => new(12, 1, 16, 256 * 0.15);

    /// <summary>TalkingGaussian mouth branch: 12 levels × 1 feature, base 64, finest 384·0.15 = 57.6 (shrinking).</summary>
    public static GridLevels Mouth() => new(12, 1, 64, 384 * 0.15);

    /// <summary>Row of grid corner (<paramref name="gx"/>, <paramref name="gy"/>) inside level <paramref name="level"/>'s table.</summary>
    public int CornerRow(int level, int gx, int gy)
    {
        var stride = (uint)(Resolutions[level] + 1);
        var size = (uint)TableSizes[level];
        uint index = Hashed[level]
            ? (uint)gx ^ unchecked((uint)gy * 2654435761u)
            : (uint)gx + ((uint)gy * stride);
        return (int)(index % size);
    }
}
