namespace Research.Tensors;

/// <content>Views (sharing storage) and shape ops: reshape, slice, transpose, permute, expand, concat, split.</content>
public sealed partial class Tensor<T>
{
    /// <summary>This tensor with contiguous row-major storage (itself if already contiguous).</summary>
    public Tensor<T> Contiguous()
    {
        if (IsContiguous)
        {
            return this;
        }

        return Record(Clone(), "Contiguous", [this], g => [g]);
    }

    /// <summary>A view with a new shape (one size may be −1); the tensor must be contiguous.</summary>
    public Tensor<T> View(params int[] newShape)
    {
        if (!IsContiguous)
        {
            throw new InvalidOperationException($"View: tensor of shape {FormatShape(shape)} with strides {FormatShape(strides)} is not contiguous (use Reshape).");
        }

        var resolved = ResolveShape(newShape, "View");
        var inputShape = shape;
        return Record(new Tensor<T>(Storage, Offset, resolved, ContiguousStrides(resolved)), "View", [this], g => [g.Reshape(inputShape)]);
    }

    /// <summary>The same elements with a new shape (one size may be −1): a view when contiguous, else a copy.</summary>
    public Tensor<T> Reshape(params int[] newShape) => Contiguous().View(ResolveShape(newShape, "Reshape"));

    /// <summary>Flattens to 1-D.</summary>
    public Tensor<T> Flatten() => Reshape(-1);

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/> (0..Rank).</summary>
    public Tensor<T> Unsqueeze(int dim)
    {
        var d = dim < 0 ? dim + Rank + 1 : dim;
        if (d < 0 || d > Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"Unsqueeze: dimension {dim} is out of range for shape {FormatShape(shape)}.");
        }

        var newShape = shape.ToList();
        var newStrides = strides.ToList();
        newShape.Insert(d, 1);
        newStrides.Insert(d, d < Rank ? strides[d] * shape[d] : 1);
        var inputShape = shape;
        return Record(new Tensor<T>(Storage, Offset, [.. newShape], [.. newStrides]), "Unsqueeze", [this], g => [g.Reshape(inputShape)]);
    }

    /// <summary>Removes dimension <paramref name="dim"/>, which must have size 1.</summary>
    public Tensor<T> Squeeze(int dim)
    {
        var d = NormalizeDim(dim, Rank, "Squeeze");
        if (shape[d] != 1)
        {
            throw new ArgumentException($"Squeeze: dimension {dim} of shape {FormatShape(shape)} is not 1.", nameof(dim));
        }

        var newShape = shape.ToList();
        var newStrides = strides.ToList();
        newShape.RemoveAt(d);
        newStrides.RemoveAt(d);
        var inputShape = shape;
        return Record(new Tensor<T>(Storage, Offset, [.. newShape], [.. newStrides]), "Squeeze", [this], g => [g.Reshape(inputShape)]);
    }

    /// <summary>A view with dimensions <paramref name="dim0"/> and <paramref name="dim1"/> swapped.</summary>
    public Tensor<T> Transpose(int dim0, int dim1)
    {
        var order = Enumerable.Range(0, Rank).ToArray();
        var a = NormalizeDim(dim0, Rank, "Transpose");
        var b = NormalizeDim(dim1, Rank, "Transpose");
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(order);
    }

    /// <summary>A view whose dimension i is this tensor's dimension <paramref name="order"/>[i].</summary>
    public Tensor<T> Permute(params int[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Length != Rank)
        {
            throw new ArgumentException($"Permute: order {FormatShape(order)} does not match shape {FormatShape(shape)}.", nameof(order));
        }

        var newShape = new int[Rank];
        var newStrides = new int[Rank];
        var inverse = new int[Rank];
        var seen = new bool[Rank];
        for (var i = 0; i < Rank; i++)
        {
            var d = NormalizeDim(order[i], Rank, "Permute");
            if (seen[d])
            {
                throw new ArgumentException($"Permute: order {FormatShape(order)} repeats dimension {d}.", nameof(order));
            }

            seen[d] = true;
            newShape[i] = shape[d];
            newStrides[i] = strides[d];
            inverse[d] = i;
        }

        return Record(new Tensor<T>(Storage, Offset, newShape, newStrides), "Permute", [this], g => [g.Permute(inverse)]);
    }

    /// <summary>A view of elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) along <paramref name="dim"/>.</summary>
    public Tensor<T> Narrow(int dim, int start, int length) => Slice(dim, start, start + length);

    /// <summary>A view of elements start, start + step, … below <paramref name="end"/> along <paramref name="dim"/>.</summary>
    public Tensor<T> Slice(int dim, int start, int end, int step = 1)
    {
        var d = NormalizeDim(dim, Rank, "Slice");
        if (start < 0 || end > shape[d] || start > end || step <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice: range [{start}, {end}) step {step} is invalid for dimension {dim} of shape {FormatShape(shape)}.");
        }

        var newShape = (int[])shape.Clone();
        var newStrides = (int[])strides.Clone();
        newShape[d] = (end - start + step - 1) / step;
        newStrides[d] = strides[d] * step;
        var inputShape = shape;
        return Record(new Tensor<T>(Storage, Offset + (start * strides[d]), newShape, newStrides), "Slice", [this], g =>
        {
            var full = new Tensor<T>(inputShape);
            var region = full.Slice(d, start, end, step);
            StridedCopy(g.shape, g.Storage, g.Offset, g.strides, full.Storage, region.Offset, region.strides);
            return [full];
        });
    }

    /// <summary>A view repeating size-1 dimensions to <paramref name="newShape"/> (stride 0; new leading dimensions allowed).</summary>
    public Tensor<T> Expand(params int[] newShape)
    {
        ArgumentNullException.ThrowIfNull(newShape);
        if (newShape.Length < Rank)
        {
            throw new ArgumentException($"Expand: cannot expand shape {FormatShape(shape)} to {FormatShape(newShape)}.", nameof(newShape));
        }

        var lead = newShape.Length - Rank;
        var newStrides = new int[newShape.Length];
        for (var i = 0; i < newShape.Length; i++)
        {
            var src = i - lead;
            if (src < 0)
            {
                newStrides[i] = 0;
            }
            else if (shape[src] == newShape[i])
            {
                newStrides[i] = strides[src];
            }
            else if (shape[src] == 1)
            {
                newStrides[i] = 0;
            }
            else
            {
                throw new ArgumentException($"Expand: cannot expand shape {FormatShape(shape)} to {FormatShape(newShape)}.", nameof(newShape));
            }
        }

        var inputShape = shape;
        return Record(new Tensor<T>(Storage, Offset, (int[])newShape.Clone(), newStrides), "Expand", [this], g => [g.SumTo(inputShape)]);
    }

    /// <summary>Splits along <paramref name="dim"/> into views of <paramref name="size"/> elements (the last may be shorter).</summary>
    public Tensor<T>[] Split(int size, int dim = 0)
    {
        var d = NormalizeDim(dim, Rank, "Split");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var parts = new List<Tensor<T>>();
        for (var start = 0; start < shape[d]; start += size)
        {
            parts.Add(Narrow(d, start, Math.Min(size, shape[d] - start)));
        }

        return [.. parts];
    }

    /// <summary>Splits along <paramref name="dim"/> into views of the given sizes, which must add up to the dimension.</summary>
    public Tensor<T>[] Split(int[] sizes, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var d = NormalizeDim(dim, Rank, "Split");
        if (sizes.Sum() != shape[d] || sizes.Any(s => s < 0))
        {
            throw new ArgumentException($"Split: sizes {FormatShape(sizes)} do not add up to dimension {dim} of shape {FormatShape(shape)}.", nameof(sizes));
        }

        var parts = new Tensor<T>[sizes.Length];
        var start = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            parts[i] = Narrow(d, start, sizes[i]);
            start += sizes[i];
        }

        return parts;
    }

    internal static Tensor<T> ConcatCore(IReadOnlyList<Tensor<T>> tensors, int dim)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Concat: no tensors given.", nameof(tensors));
        }

        var first = tensors[0];
        var d = NormalizeDim(dim, first.Rank, "Concat");
        var total = 0;
        foreach (var t in tensors)
        {
            var ok = t.Rank == first.Rank;
            for (var i = 0; ok && i < t.Rank; i++)
            {
                ok = i == d || t.shape[i] == first.shape[i];
            }

            if (!ok)
            {
                throw new ArgumentException($"Concat: shapes {FormatShape(first.shape)} and {FormatShape(t.shape)} differ outside dimension {dim}.", nameof(tensors));
            }

            total += t.shape[d];
        }

        var outShape = (int[])first.shape.Clone();
        outShape[d] = total;
        var result = new Tensor<T>(outShape);
        var starts = new int[tensors.Count];
        var offset = 0;
        for (var i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            starts[i] = offset;
            var region = result.Detach().Narrow(d, offset, t.shape[d]);
            StridedCopy(t.shape, t.Storage, t.Offset, t.strides, result.Storage, region.Offset, region.strides);
            offset += t.shape[d];
        }

        return Record(result, "Concat", [.. tensors], g =>
        {
            var grads = new Tensor<T>?[tensors.Count];
            for (var i = 0; i < tensors.Count; i++)
            {
                grads[i] = g.Narrow(d, starts[i], tensors[i].shape[d]);
            }

            return grads;
        });
    }

    private int[] ResolveShape(int[] newShape, string op)
    {
        ArgumentNullException.ThrowIfNull(newShape);
        var result = (int[])newShape.Clone();
        var inferred = -1;
        long known = 1;
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i] == -1 && inferred < 0)
            {
                inferred = i;
            }
            else if (result[i] < 0)
            {
                throw new ArgumentException($"{op}: invalid target shape {FormatShape(newShape)} for input shape {FormatShape(shape)}.", nameof(newShape));
            }
            else
            {
                known *= result[i];
            }
        }

        if (inferred >= 0 && known > 0 && ElementCount % known == 0)
        {
            result[inferred] = (int)(ElementCount / known);
        }

        if (inferred >= 0 ? result[inferred] < 0 || known * result[inferred] != ElementCount : known != ElementCount)
        {
            throw new ArgumentException($"{op}: cannot reshape {FormatShape(shape)} ({ElementCount} elements) to {FormatShape(newShape)}.", nameof(newShape));
        }

        return result;
    }
}
