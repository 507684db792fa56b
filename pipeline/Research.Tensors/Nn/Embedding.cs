using System.Numerics;
using Research.Tensors.Randomness;

namespace Research.Tensors.Nn;

/// <summary>
/// A lookup table of <c>num</c> vectors of size <c>dim</c> (like <c>torch.nn.Embedding</c>): parameter "weight"
/// [num, dim] initialised N(0, 1) from our <see cref="Rng"/> (row-major), with the padding row (if any) zeroed and
/// excluded from the gradient.
/// </summary>
/// <typeparam name="T">Element type of the parameters.</typeparam>
public sealed class Embedding<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the table, initialising its weight from <paramref name="rng"/>.</summary>
    public Embedding(int numEmbeddings, int embeddingDim, Rng rng, int? paddingIdx = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embeddingDim);
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        var pad = Functional.ResolvePaddingIdx(paddingIdx, numEmbeddings);
        PaddingIdx = pad < 0 ? null : pad;
        var weight = Tensor.Randn<T>(rng, numEmbeddings, embeddingDim);
        if (pad >= 0)
        {
            weight.Storage.AsSpan(pad * embeddingDim, embeddingDim).Clear();
        }

        Weight = RegisterParameter("weight", weight);
    }

    /// <summary>Number of rows.</summary>
    public int NumEmbeddings { get; }

    /// <summary>Size of each vector.</summary>
    public int EmbeddingDim { get; }

    /// <summary>Row that gets no gradient (non-negative), or null.</summary>
    public int? PaddingIdx { get; }

    /// <summary>Weight of shape [num, dim].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Looks up <paramref name="indices"/> (any shape) → [..., dim].</summary>
    public Tensor<T> Forward(IndexTensor indices) => Functional.Embedding(indices, Weight, PaddingIdx);
}
