using System.Numerics;
using Research.Tensors.Randomness;

namespace Research.Tensors.Nn;

/// <summary>Shared argument checks and PyTorch-style initialisation of the convolution layers.</summary>
internal static class ConvInit
{
    public static void CheckChannels(string op, int inChannels, int outChannels, int groups, int[] kernel)
    {
        if (inChannels < 1 || outChannels < 1 || groups < 1 || inChannels % groups != 0 || outChannels % groups != 0 || kernel.Any(k => k < 1))
        {
            throw new ArgumentException($"{op}: in channels {inChannels} and out channels {outChannels} must be positive multiples of groups {groups}, kernel ({string.Join(", ", kernel)}) positive.");
        }
    }

    /// <summary>kaiming_uniform(a = √5): bound = √(1/3) · √(3 / fan_in) = 1 / √fan_in for the weight, and the same for the bias.</summary>
    public static (Tensor<T> Weight, Tensor<T>? Bias) Draw<T>(Rng rng, int inChannels, int outChannels, int groups, int[] kernel, bool bias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fanIn = inChannels / groups * kernel.Aggregate(1, (a, k) => a * k);
        var bound = T.One / T.Sqrt(T.CreateChecked(fanIn));
        int[] shape = [outChannels, inChannels / groups, .. kernel];
        var weight = Tensor.Uniform(rng, -bound, bound, shape);
        return (weight, bias ? Tensor.Uniform(rng, -bound, bound, outChannels) : null);
    }
}
