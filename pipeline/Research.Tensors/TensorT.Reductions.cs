using Research.Tensors.Autograd;
using Research.Tensors.Kernels;
using Research.Tensors.Threading;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Research.Tensors;

/// <content>Reductions (sum, mean, max) and softmax along axes.</content>
public sealed partial class Tensor<T>
{
    /// <summary>Sum of all elements (a scalar tensor).</summary>
    public Tensor<T> Sum() => Sum([.. Enumerable.Range(0, Rank)]);

    /// <summary>Sum along <paramref name="dim"/>.</summary>
    public Tensor<T> Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    /// <summary>Sum along several dimensions.</summary>
    public Tensor<T> Sum(int[] dims, bool keepDim = false)
    {
        var (reduced, keepShape, outShape) = ReductionShapes(dims, keepDim, "Sum");
        var x = Contiguous().Detach();
        var trailing = TrailingRun(reduced);
        var leading = LeadingRun(reduced);
        Tensor<T> result;
        if (trailing > 0)
        {
            // Reduced dimensions are the last ones: each output sums one contiguous run.
            result = Uninitialized(keepShape);
            var (src, so, dst) = (x.Storage, x.Offset, result.Storage);
            if (dst.Length == 1 || (dst.Length < ComputeThreads.Count && trailing >= 2 * Chunks.ReductionBlock))
            {
                for (var o = 0; o < dst.Length; o++)
                {
                    dst[o] = Chunks.BlockedSum(src, so + (o * trailing), trailing);
                }
            }
            else
            {
                Chunks.For(dst.Length, Math.Max(1, Chunks.MinElements / Math.Max(1, trailing)), (s, e) =>
                {
                    for (var o = s; o < e; o++)
                    {
                        dst[o] = Chunks.BlockedSum(src, so + (o * trailing), trailing);
                    }
                });
            }
        }
        else if (leading > 0)
        {
            // Reduced dimensions are the first ones ([rows, columns] summed over rows, e.g. a bias gradient): rows
            // are added in order into each column, the same order as the row-major walk; columns split over threads.
            result = Uninitialized(keepShape);
            var (src, so, dst) = (x.Storage, x.Offset, result.Storage);
            var columns = dst.Length;
            Chunks.For(columns, Math.Max(1, Chunks.MinElements / Math.Max(1, leading)), (s, e) =>
            {
                var d = dst.AsSpan(s, e - s);
                src.AsSpan(so + s, e - s).CopyTo(d);
                for (var r = 1; r < leading; r++)
                {
                    TP.Add(d, src.AsSpan(so + (r * columns) + s, e - s), d);
                }
            });
        }
        else
        {
            result = new Tensor<T>(keepShape);
            AccumulateInto(x, reduced, result.Storage);
        }

        var inputShape = shape;
        return Record(result.ReshapeInternal(outShape), "Sum", [this], g => [g.Reshape(keepShape).Expand(inputShape)]);
    }

    /// <summary>Mean of all elements (a scalar tensor).</summary>
    public Tensor<T> Mean() => Mean([.. Enumerable.Range(0, Rank)]);

    /// <summary>Mean along <paramref name="dim"/>.</summary>
    public Tensor<T> Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    /// <summary>Mean along several dimensions.</summary>
    public Tensor<T> Mean(int[] dims, bool keepDim = false)
    {
        var (reduced, _, _) = ReductionShapes(dims, keepDim, "Mean");
        var count = 1;
        for (var d = 0; d < Rank; d++)
        {
            count *= reduced[d] ? shape[d] : 1;
        }

        return Sum(dims, keepDim).Div(T.CreateChecked(count));
    }

    /// <summary>Maximum of all elements (a scalar tensor).</summary>
    public Tensor<T> Max() => Max([.. Enumerable.Range(0, Rank)]);

    /// <summary>Maximum along <paramref name="dim"/>.</summary>
    public Tensor<T> Max(int dim, bool keepDim = false) => Max([dim], keepDim);

    /// <summary>Maximum along several dimensions; the gradient goes to the first maximal element (NaN propagates).</summary>
    public Tensor<T> Max(int[] dims, bool keepDim = false)
    {
        var (reduced, keepShape, outShape) = ReductionShapes(dims, keepDim, "Max");
        if (ElementCount == 0)
        {
            throw new ArgumentException($"Max: cannot reduce an empty tensor of shape {FormatShape(shape)}.");
        }

        var x = Contiguous().Detach();
        var result = new Tensor<T>(keepShape);
        var argMax = new int[result.ElementCount];
        argMax.AsSpan().Fill(-1);
        var outStrides = ReducedStrides(reduced, keepShape);
        var src = x.Storage;
        var offset = x.Offset;
        var dst = result.Storage;
        WalkOutputOffsets(outStrides, (i, o) =>
        {
            var v = src[offset + i];
            if (argMax[o] < 0 || (v > dst[o] && !T.IsNaN(dst[o])) || (T.IsNaN(v) && !T.IsNaN(dst[o])))
            {
                dst[o] = v;
                argMax[o] = i;
            }
        });

        var inputShape = shape;
        return Record(result.ReshapeInternal(outShape), "Max", [this], g =>
        {
            var grad = new Tensor<T>(inputShape);
            var gs = g.Contiguous().Span;
            for (var o = 0; o < argMax.Length; o++)
            {
                grad.Storage[argMax[o]] += gs[o];
            }

            return [grad];
        });
    }

    /// <summary>Softmax along <paramref name="dim"/> (shifted by the maximum for stability).</summary>
    public Tensor<T> Softmax(int dim)
    {
        var d = NormalizeDim(dim, Rank, "Softmax");
        Tensor<T> y;
        using (new NoGrad())
        {
            var e = Sub(Max(d, keepDim: true)).Exp();
            y = e.Div(e.Sum(d, keepDim: true));
        }

        var output = y.Detach();
        return Record(y, "Softmax", [this], g => [output.Mul(g.Sub(g.Mul(output).Sum(d, keepDim: true)))]);
    }

    /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably.</summary>
    public Tensor<T> LogSoftmax(int dim)
    {
        var d = NormalizeDim(dim, Rank, "LogSoftmax");
        Tensor<T> y;
        using (new NoGrad())
        {
            var z = Sub(Max(d, keepDim: true));
            y = z.Sub(z.Exp().Sum(d, keepDim: true).Log());
        }

        var output = y.Detach();
        return Record(y, "LogSoftmax", [this], g => [g.Sub(output.Exp().Mul(g.Sum(d, keepDim: true)))]);
    }

    private (bool[] Reduced, int[] KeepShape, int[] OutShape) ReductionShapes(int[] dims, bool keepDim, string op)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var reduced = new bool[Rank];
        foreach (var dim in dims)
        {
            var d = NormalizeDim(dim, Rank, op);
            if (reduced[d])
            {
                throw new ArgumentException($"{op}: dimension {dim} listed twice for shape {FormatShape(shape)}.", nameof(dims));
            }

            reduced[d] = true;
        }

        var keepShape = new int[Rank];
        var outShape = new List<int>();
        for (var d = 0; d < Rank; d++)
        {
            keepShape[d] = reduced[d] ? 1 : shape[d];
            if (!reduced[d] || keepDim)
            {
                outShape.Add(keepShape[d]);
            }
        }

        return (reduced, keepShape, [.. outShape]);
    }

    /// <summary>Length of the contiguous run summed per output when exactly the trailing dimensions are reduced, else 0.</summary>
    private int TrailingRun(bool[] reduced)
    {
        var run = 1;
        var d = Rank - 1;
        for (; d >= 0 && reduced[d]; d--)
        {
            run *= shape[d];
        }

        for (; d >= 0; d--)
        {
            if (reduced[d])
            {
                return 0;
            }
        }

        return run;
    }

    /// <summary>Number of rows summed when exactly the leading dimensions are reduced (and some are kept), else 0.</summary>
    private int LeadingRun(bool[] reduced)
    {
        var run = 1;
        var d = 0;
        for (; d < Rank && reduced[d]; d++)
        {
            run *= shape[d];
        }

        if (d == 0 || d == Rank || run == 0)
        {
            return 0;
        }

        for (; d < Rank; d++)
        {
            if (reduced[d])
            {
                return 0;
            }
        }

        return run;
    }

    private int[] ReducedStrides(bool[] reduced, int[] keepShape)
    {
        var keepStrides = ContiguousStrides(keepShape);
        for (var d = 0; d < Rank; d++)
        {
            if (reduced[d])
            {
                keepStrides[d] = 0;
            }
        }

        return keepStrides;
    }

    /// <summary>Adds every element of contiguous <paramref name="x"/> into its output cell, in row-major order (deterministic).</summary>
    private void AccumulateInto(Tensor<T> x, bool[] reduced, T[] dst)
    {
        var outStrides = ReducedStrides(reduced, [.. shape.Select((s, d) => reduced[d] ? 1 : s)]);
        var src = x.Storage;
        var offset = x.Offset;
        WalkOutputOffsets(outStrides, (i, o) => dst[o] += src[offset + i]);
    }

    /// <summary>Calls <paramref name="visit"/>(input index, output offset) for every element in row-major order.</summary>
    private void WalkOutputOffsets(int[] outStrides, Action<int, int> visit)
    {
        if (ElementCount == 0)
        {
            return;
        }

        var index = new int[Rank];
        var o = 0;
        for (var i = 0; i < ElementCount; i++)
        {
            visit(i, o);
            for (var d = Rank - 1; d >= 0; d--)
            {
                index[d]++;
                o += outStrides[d];
                if (index[d] < shape[d])
                {
                    break;
                }

                o -= outStrides[d] * shape[d];
                index[d] = 0;
            }
        }
    }

    private Tensor<T> ReshapeInternal(int[] newShape) => new(Storage, Offset, newShape, ContiguousStrides(newShape));
}
