using System.Numerics;
using Research.Tensors;
using Research.Tensors.Autograd;

namespace Research.Methods.TalkingGaussian.Training;

/// <summary>
/// NaN/Inf check of trained parameters after an optimiser step: one vectorised pass (x·0 is 0 for finite x and NaN
/// otherwise), then a scalar search only when something is wrong. O(N) per call; the trainer runs it every iteration.
/// </summary>
internal static class ParameterCheck
{
    /// <summary>Throws <see cref="TrainingDivergedException"/> naming the first parameter that holds NaN or ±Inf.</summary>
    /// <param name="stage">Training stage (mouth, face, fuse) for the message.</param>
    /// <param name="iteration">1-based iteration of that stage.</param>
    /// <param name="parameters">Checkpoint-style names (e.g. face.xyz, face_motion.audio_net.…) and tensors.</param>
    public static void Check(string stage, int iteration, IEnumerable<(string Name, Tensor<float> Tensor)> parameters)
    {
        foreach (var (name, tensor) in parameters)
        {
            ReadOnlySpan<float> data = tensor.IsContiguous ? CustomOp.Data(tensor) : tensor.ToArray();
            if (AllFinite(data))
            {
                continue;
            }

            for (var i = 0; i < data.Length; i++)
            {
                if (!float.IsFinite(data[i]))
                {
                    throw new TrainingDivergedException($"{stage} iteration {iteration}: parameter '{name}' has {LossTerms.Describe(data[i])} (element {i} of [{string.Join(", ", tensor.Shape.ToArray())}]). Lower the learning rates (e.g. position_lr_scale) or check the inputs; resuming from a checkpoint of this run meets the same values.");
                }
            }
        }
    }

    internal static bool AllFinite(ReadOnlySpan<float> data)
    {
        var acc = Vector<float>.Zero;
        var i = 0;
        for (; i + Vector<float>.Count <= data.Length; i += Vector<float>.Count)
        {
            acc += new Vector<float>(data[i..]) * Vector<float>.Zero;
        }

        var tail = 0f;
        for (; i < data.Length; i++)
        {
            tail += data[i] * 0f;
        }

        return Vector.Sum(acc) + tail == 0f;
    }
}
