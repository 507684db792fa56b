using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Research.Tensors;

/// <content>Integer indexing: index_select, gather, scatter_add (PyTorch semantics, with backward).</content>
public sealed partial class Tensor<T>
{
    /// <summary>
    /// The slices <paramref name="index"/>[j] of dimension <paramref name="dim"/> (like <c>torch.index_select</c>): the
    /// result has this shape with dimension <paramref name="dim"/> replaced by the index length. Repeated indices are
    /// allowed; their gradients are summed.
    /// </summary>
    public Tensor<T> IndexSelect(int dim, IndexTensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var d = NormalizeDim(dim, Rank, "IndexSelect");
        if (index.Rank != 1)
        {
            throw new ArgumentException($"IndexSelect: index {FormatShape(index.Shape)} must be 1-D (input {FormatShape(shape)}).", nameof(index));
        }

        var size = shape[d];
        var idx = index.Data;
        CheckIndices("IndexSelect", idx, d, size, shape);
        var (outer, inner) = OuterInner(shape, d);
        var k = idx.Length;
        var outShape = (int[])shape.Clone();
        outShape[d] = k;
        var x = IsContiguous ? Storage.AsSpan(Offset, ElementCount) : Clone().Span;
        var result = new Tensor<T>(outShape);
        var dst = result.Storage.AsSpan();
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < k; j++)
            {
                x.Slice(((o * size) + idx[j]) * inner, inner).CopyTo(dst.Slice(((o * k) + j) * inner, inner));
            }
        }

        var inputShape = shape;
        return Record(result, "IndexSelect", [this], g =>
        {
            // Scatter-add in index order: duplicates are summed in a fixed order.
            var gc = g.IsContiguous ? g : g.Clone();
            var gs = gc.Storage.AsSpan(gc.Offset, gc.ElementCount);
            var gin = new Tensor<T>(inputShape);
            var gi = gin.Storage.AsSpan();
            for (var o = 0; o < outer; o++)
            {
                for (var j = 0; j < k; j++)
                {
                    var row = gi.Slice(((o * size) + idx[j]) * inner, inner);
                    TP.Add(row, gs.Slice(((o * k) + j) * inner, inner), row);
                }
            }

            return [gin];
        });
    }

    /// <summary>
    /// Values along <paramref name="dim"/> picked by <paramref name="index"/> (like <c>torch.gather</c>): for dim 1 of a
    /// 3-D tensor, out[i, j, k] = this[i, index[i, j, k], k]. The index has this tensor's rank and no dimension larger
    /// than this tensor's (except <paramref name="dim"/>); the result has the index's shape.
    /// </summary>
    public Tensor<T> Gather(int dim, IndexTensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var d = NormalizeDim(dim, Rank, "Gather");
        CheckScatterShapes("Gather", d, index, null);
        var ishape = index.ShapeArray;
        var result = new Tensor<T>((int[])ishape.Clone());
        WalkIndexed("Gather", d, index, Storage, Offset, strides, shape, result.Storage, 0, result.strides, scatter: false);
        var inputShape = shape;
        return Record(result, "Gather", [this], g =>
        {
            var gin = new Tensor<T>(inputShape);
            WalkIndexed("Gather", d, index, gin.Storage, 0, gin.strides, inputShape, g.Storage, g.Offset, g.strides, scatter: true);
            return [gin];
        });
    }

    /// <summary>
    /// A copy of this tensor with <paramref name="source"/> added at the positions given by <paramref name="index"/>
    /// along <paramref name="dim"/> (like <c>torch.scatter_add</c>): for dim 0, out[index[i, j], j] += source[i, j].
    /// The index has this tensor's rank, no dimension larger than <paramref name="source"/>'s nor (except
    /// <paramref name="dim"/>) than this tensor's. Additions happen in the index's row-major order.
    /// </summary>
    public Tensor<T> ScatterAdd(int dim, IndexTensor index, Tensor<T> source)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(source);
        var d = NormalizeDim(dim, Rank, "ScatterAdd");
        CheckScatterShapes("ScatterAdd", d, index, source);
        var result = Clone();
        WalkIndexed("ScatterAdd", d, index, result.Storage, 0, result.strides, shape, source.Storage, source.Offset, source.strides, scatter: true);
        var sourceShape = source.shape;
        var selfShape = shape;
        return Record(result, "ScatterAdd", [this, source], g =>
        {
            Tensor<T>? gs = null;
            if (source.RequiresGrad)
            {
                // d out[index[i, j], j] / d source[i, j] = 1: gather the gradient back; source elements outside the index's extent get 0.
                gs = new Tensor<T>(sourceShape);
                WalkIndexed("ScatterAdd", d, index, g.Storage, g.Offset, g.strides, selfShape, gs.Storage, 0, gs.strides, scatter: false);
            }

            return [g, gs];
        });
    }

    private static (int Outer, int Inner) OuterInner(int[] shape, int d)
    {
        var outer = 1;
        for (var i = 0; i < d; i++)
        {
            outer *= shape[i];
        }

        var inner = 1;
        for (var i = d + 1; i < shape.Length; i++)
        {
            inner *= shape[i];
        }

        return (outer, inner);
    }

    internal static void CheckIndices(string op, int[] idx, int dim, int size, IReadOnlyList<int> inputShape)
    {
        foreach (var v in idx)
        {
            if ((uint)v >= (uint)size)
            {
                throw new ArgumentException($"{op}: index {v} is out of range for dimension {dim} of size {size} (input {FormatShape(inputShape)}).");
            }
        }
    }

    private void CheckScatterShapes(string op, int d, IndexTensor index, Tensor<T>? source)
    {
        var ishape = index.ShapeArray;
        var bad = ishape.Length != Rank || (source is not null && source.Rank != Rank);
        for (var i = 0; !bad && i < ishape.Length; i++)
        {
            bad = (i != d && ishape[i] > shape[i]) || (source is not null && ishape[i] > source.shape[i]);
        }

        if (bad)
        {
            var src = source is null ? string.Empty : $", source {FormatShape(source.shape)}";
            throw new ArgumentException($"{op}: index {FormatShape(ishape)} does not fit input {FormatShape(shape)}{src} along dimension {d} (same rank; no index size may exceed the input's except along dim{(source is null ? string.Empty : ", nor the source's")}).", nameof(index));
        }
    }

    /// <summary>
    /// Walks the index's shape row-major. <paramref name="a"/> is addressed with the index value along
    /// <paramref name="dim"/> and the walk position elsewhere; <paramref name="b"/> with the walk position everywhere.
    /// Gather: b = a[...]; scatter: a[...] += b (in walk order, so duplicate targets sum deterministically).
    /// </summary>
    private static void WalkIndexed(string op, int dim, IndexTensor index, T[] a, int aOffset, int[] aStrides, int[] aShape, T[] b, int bOffset, int[] bStrides, bool scatter)
    {
        var idx = index.Data;
        var ishape = index.ShapeArray;
        var rank = ishape.Length;
        CheckIndices(op, idx, dim, aShape[dim], aShape);
        if (idx.Length == 0)
        {
            return;
        }

        var coord = new int[rank];
        var aBase = aOffset;
        var bPos = bOffset;
        var aDimStride = aStrides[dim];
        for (var i = 0; i < idx.Length; i++)
        {
            var at = aBase + (idx[i] * aDimStride);
            if (scatter)
            {
                a[at] += b[bPos];
            }
            else
            {
                b[bPos] = a[at];
            }

            for (var d = rank - 1; d >= 0; d--)
            {
                coord[d]++;
                var aStep = d == dim ? 0 : aStrides[d];
                aBase += aStep;
                bPos += bStrides[d];
                if (coord[d] < ishape[d])
                {
                    break;
                }

                aBase -= aStep * ishape[d];
                bPos -= bStrides[d] * ishape[d];
                coord[d] = 0;
            }
        }
    }
}
