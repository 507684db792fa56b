using System.Numerics;
using Research.Tensors.Randomness;

namespace Research.Tensors.Nn;

/// <summary>
/// Fully connected layer y = x · Wᵀ + b (like <c>torch.nn.Linear</c>), with PyTorch's default initialisation:
/// weight ~ U(−1/√in, 1/√in) (kaiming-uniform with a = √5) and bias ~ U(−1/√in, 1/√in), drawn weight first.
/// </summary>
/// <typeparam name="T">Element type of the parameters.</typeparam>
public sealed class Linear<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer, initialising its parameters from <paramref name="rng"/>.</summary>
    public Linear(int inFeatures, int outFeatures, Rng rng, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;

        // kaiming_uniform(a = √5): gain √(2 / (1 + a²)) = √(1/3), bound = gain · √(3 / fan_in) = 1 / √fan_in.
        var bound = T.One / T.Sqrt(T.CreateChecked(inFeatures));
        Weight = RegisterParameter("weight", Tensor.Uniform(rng, -bound, bound, outFeatures, inFeatures));
        Bias = bias ? RegisterParameter("bias", Tensor.Uniform(rng, -bound, bound, outFeatures)) : null;
    }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }

    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>Weight of shape [out, in].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Bias of shape [out], or null.</summary>
    public Tensor<T>? Bias { get; }

    /// <summary>Applies the layer to x of shape [..., in].</summary>
    public Tensor<T> Forward(Tensor<T> input) => Functional.Linear(input, Weight, Bias);
}
