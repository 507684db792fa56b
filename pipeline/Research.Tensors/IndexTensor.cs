namespace Research.Tensors;

/// <summary>
/// An immutable n-dimensional array of <see cref="int"/> indices in row-major order (PyTorch's int64 index tensors;
/// <see cref="Tensor{T}"/> holds only floating-point values). Used by <c>IndexSelect</c>, <c>Gather</c>,
/// <c>ScatterAdd</c> and <c>Embedding</c>. Never part of the autograd graph.
/// </summary>
public sealed class IndexTensor
{
    private readonly int[] data;
    private readonly int[] shape;

    private IndexTensor(int[] data, int[] shape)
    {
        this.data = data;
        this.shape = shape;
    }

    /// <summary>Sizes of each dimension (empty for a scalar).</summary>
    public IReadOnlyList<int> Shape => shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => shape.Length;

    /// <summary>Number of indices.</summary>
    public int ElementCount => data.Length;

    /// <summary>Row-major index values (no copy; the array is never mutated).</summary>
    internal int[] Data => data;

    internal int[] ShapeArray => shape;

    /// <summary>Index at row-major position <paramref name="linear"/>.</summary>
    public int this[int linear] => data[linear];

    /// <summary>A 1-D index tensor holding a copy of <paramref name="values"/>.</summary>
    public static IndexTensor From(params int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new IndexTensor((int[])values.Clone(), [values.Length]);
    }

    /// <summary>An index tensor holding a copy of <paramref name="data"/> (row-major) with the given shape.</summary>
    public static IndexTensor FromArray(int[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        foreach (var s in shape)
        {
            if (s < 0)
            {
                throw new ArgumentException($"IndexTensor: negative size in shape {Tensor<float>.FormatShape(shape)}.", nameof(shape));
            }

            n *= s;
        }

        if (n != data.Length)
        {
            throw new ArgumentException($"IndexTensor: {data.Length} values do not fill shape {Tensor<float>.FormatShape(shape)} ({n} elements).", nameof(data));
        }

        return new IndexTensor((int[])data.Clone(), (int[])shape.Clone());
    }

    /// <summary>The values in row-major order (a copy).</summary>
    public int[] ToArray() => (int[])data.Clone();

    /// <summary>The same indices with a new shape (same element count).</summary>
    public IndexTensor Reshape(params int[] newShape) => FromArray(data, newShape);

    /// <inheritdoc/>
    public override string ToString() => $"IndexTensor{Tensor<float>.FormatShape(shape)}";
}
