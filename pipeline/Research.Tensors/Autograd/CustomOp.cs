using System.Numerics;

namespace Research.Tensors.Autograd;

/// <summary>
/// Public extensibility point for differentiable ops written outside this assembly (e.g. fused encoder kernels):
/// direct access to the storage of contiguous tensors and attachment of a hand-written backward closure.
/// </summary>
public static class CustomOp
{
    /// <summary>
    /// Attaches <paramref name="backward"/> to <paramref name="result"/> (a freshly created tensor) when recording is
    /// on and any of <paramref name="inputs"/> requires a gradient. The closure receives the gradient of the result and
    /// returns one gradient per input (null for inputs without one), each shaped like its input.
    /// </summary>
    /// <returns><paramref name="result"/>.</returns>
    public static Tensor<T> Record<T>(string name, Tensor<T> result, Tensor<T>[] inputs, Func<Tensor<T>, Tensor<T>?[]> backward)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(backward);
        if (!result.IsLeaf || result.RequiresGrad)
        {
            throw new ArgumentException($"CustomOp {name}: the result must be a fresh tensor outside the graph.", nameof(result));
        }

        return Tensor<T>.Record(result, name, inputs, backward);
    }

    /// <summary>
    /// A fresh contiguous tensor of <paramref name="shape"/> whose elements are unspecified (possibly recycled storage,
    /// not zeroed): for custom kernels that overwrite every element, avoiding the cost of zeroing large outputs. Use
    /// <c>Tensor.Zeros</c> when the kernel accumulates.
    /// </summary>
    public static Tensor<T> Uninitialized<T>(params int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"CustomOp.Uninitialized: shape {Tensor<T>.FormatShape(shape)} has a negative size.", nameof(shape));
            }
        }

        return Tensor<T>.Uninitialized([.. shape]);
    }

    /// <summary>
    /// The row-major elements of a contiguous tensor, aliasing its storage (writes change the tensor; do not write to
    /// tensors that are part of a recorded graph). Throws for non-contiguous tensors: call <c>Contiguous()</c> first.
    /// </summary>
    public static Span<T> Data<T>(Tensor<T> tensor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!tensor.IsContiguous)
        {
            throw new ArgumentException($"CustomOp.Data: tensor {Tensor<T>.FormatShape(tensor.Shape)} is not contiguous.", nameof(tensor));
        }

        return tensor.Span;
    }

    /// <summary>
    /// Like <see cref="Data{T}"/> but as an array segment (storage array, offset, element count), so parallel kernels
    /// can capture it in closures. Same aliasing rules; throws for non-contiguous tensors.
    /// </summary>
    public static ArraySegment<T> Segment<T>(Tensor<T> tensor)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!tensor.IsContiguous)
        {
            throw new ArgumentException($"CustomOp.Segment: tensor {Tensor<T>.FormatShape(tensor.Shape)} is not contiguous.", nameof(tensor));
        }

        return new ArraySegment<T>(tensor.Storage, tensor.Offset, tensor.ElementCount);
    }
}
