using Research.Encoders.TriPlane;
using Research.Methods.TalkingGaussian.Networks;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

/// <summary>Small configurations and inputs shared by the network tests.</summary>
internal static class Tiny
{
    /// <summary>3 audio channels and a 2-level tri-plane (dense tables of 4² and 6²), bound 0.15.</summary>
    public static MotionNetworkOptions Options(bool regionAttention = true) => new()
    {
        AudioInputChannels = 3,
        Grid = new GridLevels(2, 1, 3, 5, 17, 0.15),
        RegionAttention = regionAttention,
    };

    /// <summary>
    /// Redraws the plane embeddings U(−1, 1): the official U(±1e-4) makes every pre-activation ~1e-4, so a 1e-6
    /// finite-difference step would cross ReLU kinks and outputs would hardly depend on the inputs.
    /// </summary>
    public static void LargeEmbeddings(TriPlaneEncoder<double> encoder, Rng rng)
    {
        foreach (var p in encoder.Parameters())
        {
            Tensor.Uniform(rng, -1.0, 1.0, [.. p.Shape]).ToArray().CopyTo(CustomOp.Data(p));
        }
    }

    public static Tensor<T> Positions<T>(Rng rng, int n)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Tensor.Uniform(rng, T.CreateChecked(-0.14), T.CreateChecked(0.14), n, 3);

    public static Tensor<T> Audio<T>(Rng rng, int channels, int width = 16)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Tensor.Uniform(rng, -T.One, T.One, 8, channels, width);

    public static Tensor<T> Expression<T>(Rng rng)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Tensor.Uniform(rng, T.Zero, T.CreateChecked(2), 6);
}
