using System.Numerics;
using Research.Tensors.Randomness;

namespace Research.Tensors.Nn;

/// <summary>
/// Multi-head attention like <c>torch.nn.MultiheadAttention(embed_dim, num_heads, bias, batch_first)</c> without
/// dropout: parameters "in_proj_weight" [3E, E] (xavier-uniform), "in_proj_bias" [3E] (zeros) and the child Linear
/// "out_proj" (weight [E, E] with Linear's default init, bias zeros), so state-dict names match PyTorch's.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class MultiheadAttention<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer, initialising its parameters from <paramref name="rng"/>.</summary>
    public MultiheadAttention(int embedDim, int numHeads, Rng rng, bool bias = true, bool batchFirst = false)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embedDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numHeads);
        if (embedDim % numHeads != 0)
        {
            throw new ArgumentException($"MultiheadAttention: embed_dim {embedDim} is not divisible by num_heads {numHeads}.", nameof(numHeads));
        }

        EmbedDim = embedDim;
        NumHeads = numHeads;
        BatchFirst = batchFirst;

        // xavier_uniform on [3E, E]: bound √(6 / (fan_in + fan_out)).
        var bound = T.CreateChecked(Math.Sqrt(6.0 / (embedDim + (3.0 * embedDim))));
        InProjWeight = RegisterParameter("in_proj_weight", Tensor.Uniform(rng, -bound, bound, 3 * embedDim, embedDim));
        InProjBias = bias ? RegisterParameter("in_proj_bias", Tensor.Zeros<T>(3 * embedDim)) : null;
        OutProj = RegisterModule("out_proj", new Linear<T>(embedDim, embedDim, rng, bias));
        if (OutProj.Bias is not null)
        {
            OutProj.Bias.Storage.AsSpan().Clear();
        }
    }

    /// <summary>Model width E.</summary>
    public int EmbedDim { get; }

    /// <summary>Number of heads (each of width E / heads).</summary>
    public int NumHeads { get; }

    /// <summary>Whether inputs are [N, L, E] (true) or [L, N, E] (false, PyTorch's default).</summary>
    public bool BatchFirst { get; }

    /// <summary>Stacked query, key and value projections [3E, E].</summary>
    public Tensor<T> InProjWeight { get; }

    /// <summary>Stacked projection biases [3E], or null.</summary>
    public Tensor<T>? InProjBias { get; }

    /// <summary>The output projection.</summary>
    public Linear<T> OutProj { get; }

    /// <summary>Attention output, shaped like <paramref name="query"/> (see <see cref="ForwardWithWeights"/>).</summary>
    public Tensor<T> Forward(Tensor<T> query, Tensor<T> key, Tensor<T> value, Tensor<T>? attnMask = null, AttentionMaskKind maskKind = AttentionMaskKind.Additive) =>
        ForwardWithWeights(query, key, value, attnMask, maskKind).Output;

    /// <summary>
    /// Attention of <paramref name="query"/> ([L, N, E], or [N, L, E] with <see cref="BatchFirst"/>, or unbatched
    /// [L, E]) over <paramref name="key"/>/<paramref name="value"/> (S positions). <paramref name="attnMask"/> is
    /// [L, S] or [N·heads, L, S]; PyTorch's boolean attn_mask corresponds to <see cref="AttentionMaskKind.BlockNonZero"/>.
    /// Returns the output and the attention weights averaged over heads ([N, L, S], or [L, S] unbatched).
    /// </summary>
    public (Tensor<T> Output, Tensor<T> Weights) ForwardWithWeights(Tensor<T> query, Tensor<T> key, Tensor<T> value, Tensor<T>? attnMask = null, AttentionMaskKind maskKind = AttentionMaskKind.Additive)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var e = EmbedDim;
        var batched = query.Rank == 3;
        var fits = query.Rank is 2 or 3 && key.Rank == query.Rank && value.Rank == query.Rank
            && query.Shape[^1] == e && key.Shape[^1] == e && value.Shape[^1] == e && key.Shape.SequenceEqual(value.Shape)
            && (!batched || query.Shape[BatchFirst ? 0 : 1] == key.Shape[BatchFirst ? 0 : 1]);
        if (!fits)
        {
            throw new ArgumentException($"MultiheadAttention: query {Tensor<T>.FormatShape(query.Shape)}, key {Tensor<T>.FormatShape(key.Shape)} and value {Tensor<T>.FormatShape(value.Shape)} do not fit embed_dim {e} (batch_first {BatchFirst}).", nameof(query));
        }

        // Work in [N, L, E].
        var q = batched ? (BatchFirst ? query : query.Transpose(0, 1)) : query.Unsqueeze(0);
        var k = batched ? (BatchFirst ? key : key.Transpose(0, 1)) : key.Unsqueeze(0);
        var v = batched ? (BatchFirst ? value : value.Transpose(0, 1)) : value.Unsqueeze(0);
        var (n, l, s) = (q.Shape[0], q.Shape[1], k.Shape[1]);
        var heads = NumHeads;
        var headDim = e / heads;
        var w = InProjWeight.Split(e, 0);
        var b = InProjBias?.Split(e, 0);
        Tensor<T> Project(Tensor<T> x, int i, int length) =>
            Functional.Linear(x, w[i], b?[i]).Reshape(n, length, heads, headDim).Permute(0, 2, 1, 3);

        Tensor<T>? mask = null;
        if (attnMask is not null)
        {
            if (attnMask.Rank == 2 && attnMask.Shape[0] == l && attnMask.Shape[1] == s)
            {
                mask = attnMask;
            }
            else if (attnMask.Rank == 3 && attnMask.Shape[0] == n * heads && attnMask.Shape[1] == l && attnMask.Shape[2] == s)
            {
                mask = attnMask.Reshape(n, heads, l, s);
            }
            else
            {
                throw new ArgumentException($"MultiheadAttention: attn_mask {Tensor<T>.FormatShape(attnMask.Shape)} must be [{l}, {s}] or [{n * heads}, {l}, {s}].", nameof(attnMask));
            }
        }

        var (attended, weights) = Functional.Attention(Project(q, 0, l), Project(k, 1, s), Project(v, 2, s), mask, maskKind, null);
        var output = OutProj.Forward(attended.Permute(0, 2, 1, 3).Reshape(n, l, e));
        var averaged = weights.Mean(1);
        if (!batched)
        {
            return (output.Squeeze(0), averaged.Squeeze(0));
        }

        return (BatchFirst ? output : output.Transpose(0, 1), averaged);
    }
}
