using System.Numerics;
using Research.Tensors.Randomness;

namespace Research.Tensors;

/// <summary>Factories and multi-input ops for <see cref="Tensor{T}"/> (like the <c>torch.*</c> functions).</summary>
public static class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor<T> Zeros<T>(params int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T> => new(CheckShape(shape, "Zeros"));

    /// <summary>A tensor of ones.</summary>
    public static Tensor<T> Ones<T>(params int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T> => Full(shape, T.One);

    /// <summary>A tensor with every element <paramref name="value"/>.</summary>
    public static Tensor<T> Full<T>(int[] shape, T value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Tensor<T>(CheckShape(shape, "Full"));
        result.Storage.AsSpan().Fill(value);
        return result;
    }

    /// <summary>A zero-dimensional tensor holding <paramref name="value"/>.</summary>
    public static Tensor<T> Scalar<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T> => Full([], value);

    /// <summary>A tensor holding a copy of <paramref name="data"/> (row-major) with the given shape.</summary>
    public static Tensor<T> FromArray<T>(T[] data, params int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = CheckShape(shape, "FromArray");
        if (Tensor<T>.Numel(s) != data.Length)
        {
            throw new ArgumentException($"FromArray: {data.Length} values do not fill shape {Tensor<T>.FormatShape(s)} ({Tensor<T>.Numel(s)} elements).", nameof(data));
        }

        var result = new Tensor<T>(s);
        data.AsSpan().CopyTo(result.Storage);
        return result;
    }

    /// <summary>The 1-D tensor 0, 1, …, <paramref name="count"/> − 1.</summary>
    public static Tensor<T> Arange<T>(int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Tensor<T>(CheckShape([count], "Arange"));
        for (var i = 0; i < count; i++)
        {
            result.Storage[i] = T.CreateChecked(i);
        }

        return result;
    }

    /// <summary>Uniform samples in [0, 1) drawn in row-major order from <paramref name="rng"/>.</summary>
    public static Tensor<T> Rand<T>(Rng rng, params int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T> => Uniform(rng, T.Zero, T.One, shape);

    /// <summary>Uniform samples in [<paramref name="low"/>, <paramref name="high"/>) drawn in row-major order.</summary>
    public static Tensor<T> Uniform<T>(Rng rng, T low, T high, params int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        var result = new Tensor<T>(CheckShape(shape, "Uniform"));
        var lo = double.CreateChecked(low);
        var hi = double.CreateChecked(high);
        for (var i = 0; i < result.Storage.Length; i++)
        {
            result.Storage[i] = T.CreateChecked(rng.NextUniform(lo, hi));
        }

        return result;
    }

    /// <summary>Standard normal samples drawn in row-major order from <paramref name="rng"/>.</summary>
    public static Tensor<T> Randn<T>(Rng rng, params int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(rng);
        var result = new Tensor<T>(CheckShape(shape, "Randn"));
        for (var i = 0; i < result.Storage.Length; i++)
        {
            result.Storage[i] = T.CreateChecked(rng.NextNormal());
        }

        return result;
    }

    /// <summary>Joins tensors along an existing dimension; all other sizes must match.</summary>
    public static Tensor<T> Concat<T>(IReadOnlyList<Tensor<T>> tensors, int dim = 0)
        where T : unmanaged, IFloatingPointIeee754<T> => Tensor<T>.ConcatCore(tensors, dim);

    /// <summary>Joins equally shaped tensors along a new dimension <paramref name="dim"/>.</summary>
    public static Tensor<T> Stack<T>(IReadOnlyList<Tensor<T>> tensors, int dim = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Stack: no tensors given.", nameof(tensors));
        }

        for (var i = 1; i < tensors.Count; i++)
        {
            Tensor<T>.CheckSameShape("Stack", tensors[0], tensors[i]);
        }

        var d = dim < 0 ? dim + tensors[0].Rank + 1 : dim;
        return Concat(tensors.Select(t => t.Unsqueeze(d)).ToList(), d);
    }

    private static int[] CheckShape(int[] shape, string op)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (var s in shape)
        {
            if (s < 0)
            {
                throw new ArgumentException($"{op}: negative size in shape {Tensor<float>.FormatShape(shape)}.", nameof(shape));
            }
        }

        return (int[])shape.Clone();
    }
}
