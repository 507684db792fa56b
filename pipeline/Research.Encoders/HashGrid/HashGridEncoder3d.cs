using System.Numerics;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Encoders.HashGrid;

/// <summary>
/// 3-D multi-resolution hash grid encoder module (torch-ngp <c>GridEncoder(input_dim=3)</c>): parameter
/// <c>embeddings</c> [<see cref="HashGridLevels.TableRows"/>, F] initialised U(−1e-4, 1e-4); output [N, L·F] via
/// <see cref="HashGridEncoding.Encode"/>.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class HashGridEncoder3d<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the table, drawing its initial values from <paramref name="rng"/>.</summary>
    public HashGridEncoder3d(HashGridLevels levels, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(rng);
        Levels = levels;
        var std = T.CreateChecked(1e-4);
        Embeddings = RegisterParameter("embeddings", Tensor.Uniform(rng, -std, std, levels.TableRows, levels.Features));
    }

    /// <summary>Level table.</summary>
    public HashGridLevels Levels { get; }

    /// <summary>Embedding table [rows, F].</summary>
    public Tensor<T> Embeddings { get; }

    /// <summary>Output width L·F.</summary>
    public int OutputWidth => Levels.OutputWidth;

    /// <inheritdoc/>
    public Tensor<T> Forward(Tensor<T> input) => HashGridEncoding.Encode(input, Embeddings, Levels);
}
