using System.Numerics;

namespace Research.Tensors.Nn;

/// <content>Scaled dot-product attention (composition of Matmul and Softmax, so backward comes from autograd).</content>
public static partial class Functional
{
    /// <summary>
    /// softmax(q·kᵀ·scale + mask)·v like <c>torch.nn.functional.scaled_dot_product_attention</c> (no dropout):
    /// <paramref name="query"/> [..., L, d], <paramref name="key"/> [..., S, d], <paramref name="value"/> [..., S, dv]
    /// with equal leading dimensions; <paramref name="mask"/> broadcasts to [..., L, S] and is read as
    /// <paramref name="maskKind"/> says; <paramref name="scale"/> defaults to 1/√d. Returns [..., L, dv].
    /// </summary>
    public static Tensor<T> ScaledDotProductAttention<T>(Tensor<T> query, Tensor<T> key, Tensor<T> value, Tensor<T>? mask = null, AttentionMaskKind maskKind = AttentionMaskKind.Additive, double? scale = null)
        where T : unmanaged, IFloatingPointIeee754<T> => Attention(query, key, value, mask, maskKind, scale).Output;

    /// <summary>Attention output [..., L, dv] and the attention weights [..., L, S] (see <see cref="ScaledDotProductAttention{T}"/>).</summary>
    internal static (Tensor<T> Output, Tensor<T> Weights) Attention<T>(Tensor<T> query, Tensor<T> key, Tensor<T> value, Tensor<T>? mask, AttentionMaskKind maskKind, double? scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var rank = query.Rank;
        var fits = rank >= 2 && key.Rank == rank && value.Rank == rank
            && query.Shape.Take(rank - 2).SequenceEqual(key.Shape.Take(rank - 2))
            && query.Shape.Take(rank - 2).SequenceEqual(value.Shape.Take(rank - 2))
            && query.Shape[^1] == key.Shape[^1] && key.Shape[^2] == value.Shape[^2];
        if (!fits)
        {
            throw new ArgumentException($"ScaledDotProductAttention: query {Tensor<T>.FormatShape(query.Shape)}, key {Tensor<T>.FormatShape(key.Shape)} and value {Tensor<T>.FormatShape(value.Shape)} do not fit ([..., L, d], [..., S, d], [..., S, dv]).", nameof(key));
        }

        var lead = query.Shape.Take(rank - 2).ToArray();
        var batch = Tensor<T>.Numel(lead);
        var (l, d, s, dv) = (query.Shape[^2], query.Shape[^1], key.Shape[^2], value.Shape[^1]);
        var factor = T.CreateChecked(scale ?? (1.0 / Math.Sqrt(d)));
        var scores = query.Reshape(batch, l, d).Matmul(key.Reshape(batch, s, d).Transpose(1, 2)).Mul(factor);
        if (mask is not null)
        {
            int[] scoreShape = [.. lead, l, s];
            if (!MaskBroadcasts(mask.ShapeArray, scoreShape))
            {
                throw new ArgumentException($"ScaledDotProductAttention: mask {Tensor<T>.FormatShape(mask.Shape)} does not broadcast to scores {Tensor<T>.FormatShape(scoreShape)}.", nameof(mask));
            }

            scores = scores.Reshape(scoreShape).Add(AdditiveMask(mask, maskKind)).Reshape(batch, l, s);
        }

        var weights = scores.Softmax(2);
        var output = weights.Matmul(value.Reshape(batch, s, dv));
        return (output.Reshape([.. lead, l, dv]), weights.Reshape([.. lead, l, s]));
    }

    private static bool MaskBroadcasts(int[] mask, int[] scores)
    {
        if (mask.Length > scores.Length)
        {
            return false;
        }

        for (var i = 1; i <= mask.Length; i++)
        {
            if (mask[^i] != 1 && mask[^i] != scores[^i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The mask as additive scores: itself when additive, else 0 where attention is allowed and −∞ where blocked.</summary>
    private static Tensor<T> AdditiveMask<T>(Tensor<T> mask, AttentionMaskKind kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (kind == AttentionMaskKind.Additive)
        {
            return mask;
        }

        var values = mask.ToArray();
        var blockNonZero = kind == AttentionMaskKind.BlockNonZero;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] != T.Zero) == blockNonZero ? T.NegativeInfinity : T.Zero;
        }

        return Tensor.FromArray(values, mask.ShapeArray.ToArray());
    }
}
