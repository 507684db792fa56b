using System.Numerics;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>
/// TalkingGaussian / ER-NeRF <c>AudioNet</c>: per-frame audio encoder [S, C_in, W] → [S, 32]. Keeps time steps
/// [0:16], then 4 × Conv1d(k3, s2, p1) with LeakyReLU(0.02), channels C_in → 32 → 32 → 64 → 64 (length 16 → 1), then
/// Linear(64, 64) → LeakyReLU(0.02) → Linear(64, 32). Children <c>encoder_conv</c> (convolutions at 0, 2, 4, 6) and
/// <c>encoder_fc1</c> (Linear layers at 0, 2), as the official state dict.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class AudioNet<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Time steps kept from the start of each window (official <c>win_size</c>).</summary>
    public const int WindowSize = 16;

    /// <summary>Slope of the LeakyReLU activations.</summary>
    public const double NegativeSlope = 0.02;

    private readonly Sequential<T> encoderConv;
    private readonly Sequential<T> encoderFc1;

    /// <summary>Creates the layers (drawn in registration order, PyTorch default initialisation).</summary>
    /// <param name="inputChannels">Feature channels C_in: 29 DeepSpeech, 44 Esperanto, 1024 HuBERT.</param>
    /// <param name="rng">Initialisation stream.</param>
    /// <param name="outputWidth">Encoding width (32 in TalkingGaussian).</param>
    public AudioNet(int inputChannels, Rng rng, int outputWidth = 32)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputWidth);
        InputChannels = inputChannels;
        OutputWidth = outputWidth;
        var slope = T.CreateChecked(NegativeSlope);
        encoderConv = RegisterModule("encoder_conv", new Sequential<T>());
        int[] channels = [inputChannels, 32, 32, 64, 64];
        for (var l = 0; l < 4; l++)
        {
            encoderConv.Add(new Conv1d<T>(channels[l], channels[l + 1], 3, rng, stride: 2, padding: 1));
            encoderConv.Add(x => x.LeakyRelu(slope));
        }

        encoderFc1 = RegisterModule("encoder_fc1", new Sequential<T>());
        encoderFc1.Add(new Linear<T>(64, 64, rng));
        encoderFc1.Add(x => x.LeakyRelu(slope));
        encoderFc1.Add(new Linear<T>(64, outputWidth, rng));
    }

    /// <summary>Feature channels C_in.</summary>
    public int InputChannels { get; }

    /// <summary>Encoding width.</summary>
    public int OutputWidth { get; }

    /// <summary>
    /// Encodes [S, C_in, W] to [S, OutputWidth]. W may exceed 16 (only [0:16] is used) or be smaller (HuBERT, W = 2),
    /// but after the four stride-2 convolutions the length must be 1.
    /// </summary>
    public Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[1] != InputChannels || input.Shape[2] < 1
            || ConvolvedLength(Math.Min(input.Shape[2], WindowSize)) != 1)
        {
            throw new ArgumentException($"AudioNet: input {MotionMath.FormatShape(input.Shape)} must be [S, {InputChannels}, W] with min(W, {WindowSize}) reduced to length 1 by 4 stride-2 convolutions.", nameof(input));
        }

        var x = input.Slice(2, 0, Math.Min(input.Shape[2], WindowSize));
        x = encoderConv.Forward(x).Squeeze(2);
        return encoderFc1.Forward(x);
    }

    private static int ConvolvedLength(int length)
    {
        for (var l = 0; l < 4; l++)
        {
            length = ((length + 2 - 3) / 2) + 1;
        }

        return length;
    }
}
