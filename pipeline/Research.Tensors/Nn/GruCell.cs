using System.Numerics;
using Research.Tensors.Randomness;

namespace Research.Tensors.Nn;

/// <summary>
/// A gated recurrent unit cell (like <c>torch.nn.GRUCell</c>): parameters "weight_ih" [3H, in], "weight_hh" [3H, H],
/// "bias_ih" [3H], "bias_hh" [3H] (gate order r, z, n), all initialised U(−1/√H, 1/√H) in that order.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class GruCell<T> : Module<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the cell, initialising its parameters from <paramref name="rng"/>.</summary>
    public GruCell(int inputSize, int hiddenSize, Rng rng, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        var bound = T.One / T.Sqrt(T.CreateChecked(hiddenSize));
        WeightIh = RegisterParameter("weight_ih", Tensor.Uniform(rng, -bound, bound, 3 * hiddenSize, inputSize));
        WeightHh = RegisterParameter("weight_hh", Tensor.Uniform(rng, -bound, bound, 3 * hiddenSize, hiddenSize));
        if (bias)
        {
            BiasIh = RegisterParameter("bias_ih", Tensor.Uniform(rng, -bound, bound, 3 * hiddenSize));
            BiasHh = RegisterParameter("bias_hh", Tensor.Uniform(rng, -bound, bound, 3 * hiddenSize));
        }
    }

    /// <summary>Input features.</summary>
    public int InputSize { get; }

    /// <summary>Hidden state size H.</summary>
    public int HiddenSize { get; }

    /// <summary>Input-to-hidden weights [3H, in] (rows r, z, n).</summary>
    public Tensor<T> WeightIh { get; }

    /// <summary>Hidden-to-hidden weights [3H, H] (rows r, z, n).</summary>
    public Tensor<T> WeightHh { get; }

    /// <summary>Input-to-hidden bias [3H], or null.</summary>
    public Tensor<T>? BiasIh { get; }

    /// <summary>Hidden-to-hidden bias [3H], or null.</summary>
    public Tensor<T>? BiasHh { get; }

    /// <summary>One step: <paramref name="input"/> [batch, in] or [in], <paramref name="hidden"/> like it with H features (null = zeros).</summary>
    public Tensor<T> Forward(Tensor<T> input, Tensor<T>? hidden = null) => Functional.GruCell(input, hidden, WeightIh, WeightHh, BiasIh, BiasHh);
}
