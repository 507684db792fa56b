using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Research.Tensors.Nn;

/// <content>Embedding lookup.</content>
public static partial class Functional
{
    /// <summary>
    /// Rows of <paramref name="weight"/> [num, dim] picked by <paramref name="indices"/> (any shape) → [..., dim]
    /// (like <c>torch.nn.functional.embedding</c>). The weight gradient is dense, with repeated indices summed in index
    /// order; the row <paramref name="paddingIdx"/> (negative counts from the end) gets no gradient.
    /// </summary>
    public static Tensor<T> Embedding<T>(IndexTensor indices, Tensor<T> weight, int? paddingIdx = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
        {
            throw new ArgumentException($"Embedding: weight {Tensor<T>.FormatShape(weight.Shape)} must be 2-D [num, dim] (indices {Tensor<T>.FormatShape(indices.Shape)}).", nameof(weight));
        }

        var num = weight.Shape[0];
        var dim = weight.Shape[1];
        var pad = ResolvePaddingIdx(paddingIdx, num);
        var idx = indices.Data;
        Tensor<T>.CheckIndices("Embedding", idx, 0, num, weight.Shape);
        var w = weight.IsContiguous ? weight : weight.Detach().Contiguous();
        var ws = w.Span;
        var result = new Tensor<T>([.. indices.Shape, dim]);
        var dst = result.Span;
        for (var i = 0; i < idx.Length; i++)
        {
            ws.Slice(idx[i] * dim, dim).CopyTo(dst.Slice(i * dim, dim));
        }

        var weightShape = weight.ShapeArray;
        return Tensor<T>.Record(result, "Embedding", [weight], g =>
        {
            var gc = g.Contiguous();
            var gs = gc.Span;
            var gw = new Tensor<T>(weightShape);
            var gws = gw.Span;
            for (var i = 0; i < idx.Length; i++)
            {
                if (idx[i] == pad)
                {
                    continue;
                }

                var row = gws.Slice(idx[i] * dim, dim);
                TP.Add(row, gs.Slice(i * dim, dim), row);
            }

            return [gw];
        });
    }

    internal static int ResolvePaddingIdx(int? paddingIdx, int num)
    {
        if (paddingIdx is not { } p)
        {
            return -1;
        }

        var r = p < 0 ? p + num : p;
        if (r < 0 || r >= num)
        {
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), $"Embedding: padding index {p} is out of range for {num} embeddings.");
        }

        return r;
    }
}
