using System.Numerics;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>
/// TalkingGaussian <c>MLP</c> (<c>scene/motion_net.py</c>): Linear layers without bias, ReLU between layers and no
/// output activation. Parameters <c>net.0.weight</c>, <c>net.1.weight</c>, … as the official state dict.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Mlp<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LinearList<T> net;

    /// <summary>Creates the layers (weights drawn first layer first, PyTorch default initialisation).</summary>
    /// <param name="inputWidth">Input width.</param>
    /// <param name="outputWidth">Output width.</param>
    /// <param name="hiddenWidth">Width of every hidden layer.</param>
    /// <param name="layers">Number of Linear layers (≥ 1).</param>
    /// <param name="rng">Initialisation stream.</param>
    public Mlp(int inputWidth, int outputWidth, int hiddenWidth, int layers, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layers);
        var widths = new int[layers + 1];
        for (var l = 0; l <= layers; l++)
        {
            widths[l] = l == 0 ? inputWidth : l == layers ? outputWidth : hiddenWidth;
        }

        InputWidth = inputWidth;
        OutputWidth = outputWidth;
        net = RegisterModule("net", new LinearList<T>(widths, rng));
    }

    /// <summary>Input width.</summary>
    public int InputWidth { get; }

    /// <summary>Output width.</summary>
    public int OutputWidth { get; }

    /// <summary>The Linear layers in order (weights [out, in], no bias).</summary>
    public IReadOnlyList<Linear<T>> Layers => net.Layers;

    /// <summary>Applies the layers to x of shape [..., in].</summary>
    public Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 1 || input.Shape[^1] != InputWidth)
        {
            throw new ArgumentException($"Mlp: input {MotionMath.FormatShape(input.Shape)} does not end in width {InputWidth}.", nameof(input));
        }

        var x = input;
        for (var l = 0; l < net.Layers.Count; l++)
        {
            x = net.Layers[l].Forward(x);
            if (l != net.Layers.Count - 1)
            {
                x = x.Relu();
            }
        }

        return x;
    }
}
