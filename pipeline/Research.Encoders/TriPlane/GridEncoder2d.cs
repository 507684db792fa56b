using System.Numerics;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Encoders.TriPlane;

/// <summary>
/// Holder of one plane's embedding table (torch-ngp <c>GridEncoder</c>, parameter <c>embeddings</c> of shape
/// [<see cref="GridLevels.TableRows"/>, F], initialised U(−1e-4, 1e-4)). Used as a child of <see cref="TriPlaneEncoder{T}"/>.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class GridEncoder2d<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the table, drawing its initial values from <paramref name="rng"/>.</summary>
    public GridEncoder2d(GridLevels levels, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(rng);
        Levels = levels;
        var std = T.CreateChecked(1e-4);
        Embeddings = RegisterParameter("embeddings", Tensor.Uniform(rng, -std, std, levels.TableRows, levels.Features));
    }

    /// <summary>Level table.</summary>
    public GridLevels Levels { get; }

    /// <summary>Embedding table [rows, F].</summary>
    public Tensor<T> Embeddings { get; }
}
