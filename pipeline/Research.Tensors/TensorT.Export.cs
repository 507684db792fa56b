namespace Research.Tensors;

/// <content>Read-only access to the elements without a copy, for consumers outside the engine (e.g. metric heads).</content>
public sealed partial class Tensor<T>
{
    /// <summary>
    /// The elements of a contiguous tensor in row-major order as a read-only view of its storage (no copy). Throws
    /// <see cref="InvalidOperationException"/> when the tensor is not contiguous; call <see cref="Contiguous"/> first.
    /// </summary>
    public ReadOnlySpan<T> AsReadOnlySpan() => Span;
}
