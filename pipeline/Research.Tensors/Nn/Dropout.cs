using System.Numerics;
using Research.Tensors.Randomness;

namespace Research.Tensors.Nn;

/// <summary>
/// Inverted dropout layer (like <c>torch.nn.Dropout</c>): active in training mode, the identity in evaluation mode
/// (<see cref="Module{T}.Eval"/>). Masks are drawn from the <see cref="Rng"/> given at construction.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Dropout<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Rng rng;

    /// <summary>Creates the layer with drop probability <paramref name="p"/> in [0, 1].</summary>
    public Dropout(double p, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: probability {p} is not in [0, 1].");
        }

        P = p;
        this.rng = rng;
    }

    /// <summary>Probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>Applies dropout when training, else returns the input.</summary>
    public Tensor<T> Forward(Tensor<T> input) => Functional.Dropout(input, P, IsTraining, rng);
}
