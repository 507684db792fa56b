using Research.Tensors.Kernels;

namespace Research.Tensors;

/// <content>Fused loss kernels (one pass forward, one pass backward, no intermediate tensors).</content>
public sealed partial class Tensor<T>
{
    /// <summary>
    /// mean((p − t)²) of equally shaped tensors: squared differences summed per fixed block, partials added in block
    /// order (independent of the thread count). Backward: ∂/∂p = (2·g/N)(p − t), ∂/∂t = −∂/∂p.
    /// </summary>
    internal static Tensor<T> MseLossFused(Tensor<T> prediction, Tensor<T> target)
    {
        var p = prediction.Contiguous().Detach();
        var t = target.Contiguous().Detach();
        var n = p.ElementCount;
        var (pa, po, ta, to) = (p.Storage, p.Offset, t.Storage, t.Offset);
        var blocks = (n + Chunks.ReductionBlock - 1) / Chunks.ReductionBlock;
        var partials = new T[blocks];
        Chunks.For(blocks, 2, (s, e) =>
        {
            for (var b = s; b < e; b++)
            {
                var start = b * Chunks.ReductionBlock;
                var length = Math.Min(Chunks.ReductionBlock, n - start);
                partials[b] = SumOfSquaredDifferences(pa.AsSpan(po + start, length), ta.AsSpan(to + start, length));
            }
        });
        var total = T.Zero;
        foreach (var partial in partials)
        {
            total += partial;
        }

        // Mean of zero elements is NaN, as in PyTorch.
        var result = Tensor.Scalar(total / T.CreateChecked(n));
        var predictionShape = p.shape;
        return Record(result, "MseLoss", [prediction, target], g =>
        {
            var scale = T.CreateChecked(2) * g.Item() / T.CreateChecked(n);
            var dp = Uninitialized(predictionShape);
            var d = dp.Storage;
            Chunks.For(n, (s, e) =>
            {
                for (var i = s; i < e; i++)
                {
                    d[i] = scale * (pa[po + i] - ta[to + i]);
                }
            });
            return [prediction.requiresGrad ? dp : null, target.requiresGrad ? dp.Neg() : null];
        });
    }

    private static T SumOfSquaredDifferences(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
    {
        // Four independent accumulators (fixed lanes) so the loop is not one serial dependency chain.
        T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
        var i = 0;
        for (; i + 4 <= a.Length; i += 4)
        {
            var d0 = a[i] - b[i];
            var d1 = a[i + 1] - b[i + 1];
            var d2 = a[i + 2] - b[i + 2];
            var d3 = a[i + 3] - b[i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }

        for (; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            s0 += d * d;
        }

        return (s0 + s1) + (s2 + s3);
    }
}
