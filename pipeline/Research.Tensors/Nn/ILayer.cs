using System.Numerics;

namespace Research.Tensors.Nn;

/// <summary>A module with one tensor in and one tensor out, so it can be chained in a <see cref="Sequential{T}"/>.</summary>
/// <typeparam name="T">Element type.</typeparam>
public interface ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Applies the layer.</summary>
    Tensor<T> Forward(Tensor<T> input);
}
