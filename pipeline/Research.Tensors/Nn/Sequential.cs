using System.Numerics;

namespace Research.Tensors.Nn;

/// <summary>
/// A chain of steps applied in order (like <c>torch.nn.Sequential</c>): layers are registered as children "0", "1", …
/// and parameter-free steps (activations) are plain functions.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Sequential<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Func<Tensor<T>, Tensor<T>>> steps = [];

    /// <summary>Appends a layer (registered as the next numbered child) and returns this chain.</summary>
    public Sequential<T> Add<TLayer>(TLayer layer)
        where TLayer : Module<T>, ILayer<T>
    {
        ArgumentNullException.ThrowIfNull(layer);
        RegisterModule(steps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        steps.Add(layer.Forward);
        return this;
    }

    /// <summary>Appends a parameter-free step (e.g. <c>x =&gt; x.Relu()</c>) and returns this chain.</summary>
    public Sequential<T> Add(Func<Tensor<T>, Tensor<T>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        steps.Add(step);
        return this;
    }

    /// <summary>Runs every step in order.</summary>
    public Tensor<T> Forward(Tensor<T> input)
    {
        var x = input;
        foreach (var step in steps)
        {
            x = step(x);
        }

        return x;
    }
}
