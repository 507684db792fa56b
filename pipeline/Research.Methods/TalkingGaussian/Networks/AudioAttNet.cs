using System.Numerics;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>
/// TalkingGaussian / ER-NeRF <c>AudioAttNet</c>: temporal attention over a window of per-frame audio encodings,
/// [S, D] → [1, D] (S = 8, D = 32). The window is transposed to [D, S], 5 × Conv1d(k3, p1) with LeakyReLU(0.02) take the
/// channels D → 16 → 8 → 4 → 2 → 1, then Linear(S, S) and a softmax over the S steps give the weights of the weighted
/// sum. Children <c>attentionConvNet</c> (convolutions at 0, 2, 4, 6, 8) and <c>attentionNet</c> (Linear at 0).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class AudioAttNet<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Sequential<T> attentionConvNet;
    private readonly Sequential<T> attentionNet;

    /// <summary>Creates the layers (drawn in registration order, PyTorch default initialisation).</summary>
    /// <param name="rng">Initialisation stream.</param>
    /// <param name="width">Encoding width D (32 in TalkingGaussian).</param>
    /// <param name="sequenceLength">Window length S (8).</param>
    public AudioAttNet(Rng rng, int width = 32, int sequenceLength = 8)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceLength);
        Width = width;
        SequenceLength = sequenceLength;
        var slope = T.CreateChecked(AudioNet<T>.NegativeSlope);
        attentionConvNet = RegisterModule("attentionConvNet", new Sequential<T>());
        int[] channels = [width, 16, 8, 4, 2, 1];
        for (var l = 0; l < 5; l++)
        {
            attentionConvNet.Add(new Conv1d<T>(channels[l], channels[l + 1], 3, rng, padding: 1));
            attentionConvNet.Add(x => x.LeakyRelu(slope));
        }

        Linear = new Linear<T>(sequenceLength, sequenceLength, rng);
        attentionNet = RegisterModule("attentionNet", new Sequential<T>());
        attentionNet.Add(Linear);
    }

    /// <summary>Encoding width D.</summary>
    public int Width { get; }

    /// <summary>Window length S.</summary>
    public int SequenceLength { get; }

    /// <summary>The Linear(S, S) before the softmax (<c>attentionNet.0</c>).</summary>
    public Linear<T> Linear { get; }

    /// <summary>Attention weights [1, S] (softmax over the window, summing to 1) for encodings [S, D].</summary>
    public Tensor<T> Weights(Tensor<T> encodings)
    {
        ArgumentNullException.ThrowIfNull(encodings);
        if (encodings.Rank != 2 || encodings.Shape[0] != SequenceLength || encodings.Shape[1] != Width)
        {
            throw new ArgumentException($"AudioAttNet: encodings {MotionMath.FormatShape(encodings.Shape)} must be [{SequenceLength}, {Width}].", nameof(encodings));
        }

        var y = attentionConvNet.Forward(encodings.Transpose(0, 1).Unsqueeze(0));
        return attentionNet.Forward(y.Reshape(1, SequenceLength)).Softmax(1);
    }

    /// <summary>Weighted sum [1, D] of the encodings [S, D].</summary>
    public Tensor<T> Forward(Tensor<T> input)
    {
        var w = Weights(input);
        return w.Reshape(SequenceLength, 1).Mul(input).Sum(0, keepDim: true);
    }
}
