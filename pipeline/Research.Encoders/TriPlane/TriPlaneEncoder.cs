using System.Numerics;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Encoders.TriPlane;

/// <summary>
/// TalkingGaussian / ER-NeRF tri-plane encoder module: children <c>encoder_xy</c>, <c>encoder_yz</c>,
/// <c>encoder_xz</c> (each with parameter <c>embeddings</c>), output [N, 3·L·F] via <see cref="TriPlaneGrid.Encode"/>.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class TriPlaneEncoder<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the three planes, initialised in the order xy, yz, xz from <paramref name="rng"/>.</summary>
    public TriPlaneEncoder(GridLevels levels, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(levels);
        Levels = levels;
        Xy = RegisterModule("encoder_xy", new GridEncoder2d<T>(levels, rng));
        Yz = RegisterModule("encoder_yz", new GridEncoder2d<T>(levels, rng));
        Xz = RegisterModule("encoder_xz", new GridEncoder2d<T>(levels, rng));
    }

    /// <summary>Level table shared by the planes.</summary>
    public GridLevels Levels { get; }

    /// <summary>Plane (x, y).</summary>
    public GridEncoder2d<T> Xy { get; }

    /// <summary>Plane (y, z).</summary>
    public GridEncoder2d<T> Yz { get; }

    /// <summary>Plane (x, z).</summary>
    public GridEncoder2d<T> Xz { get; }

    /// <summary>Output width 3·L·F.</summary>
    public int OutputWidth => 3 * Levels.PlaneWidth;

    /// <inheritdoc/>
    public Tensor<T> Forward(Tensor<T> input) => TriPlaneGrid.Encode(input, Xy.Embeddings, Yz.Embeddings, Xz.Embeddings, Levels);
}
