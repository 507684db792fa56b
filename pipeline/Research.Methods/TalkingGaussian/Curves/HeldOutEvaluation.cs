using Research.Methods.TalkingGaussian.Method;

namespace Research.Methods.TalkingGaussian.Curves;

/// <summary>
/// PSNR of the full composite (face over mouth over the torso/background image, as rendered at inference) on at most
/// three held-out frames (the first, middle and last of the split), averaged over the frames. Needs both branches, so
/// it is measured in the face stage (with the finished mouth branch) and in fuse; the mouth stage leaves it empty.
/// Measured every <see cref="Interval"/> iterations and at the last iteration of a stage, without gradients and
/// without touching any training state.
/// </summary>
internal sealed class HeldOutEvaluation
{
    private readonly SceneFrames frames;
    private readonly int[] indices;

    public HeldOutEvaluation(SceneFrames frames)
    {
        this.frames = frames;
        var test = frames.Data.TestFrames;
        indices = test.Count == 0 ? [] : [.. new[] { test[0], test[test.Count / 2], test[^1] }.Distinct()];
    }

    /// <summary>Every tenth of a stage, at most every 500 iterations.</summary>
    public static int Interval(int iterations) => Math.Clamp(iterations / 10, 1, 500);

    /// <summary>Whether the PSNR is measured after iteration <paramref name="it"/> of <paramref name="iterations"/>.</summary>
    public bool Due(int it, int iterations) => indices.Length > 0 && (it % Interval(iterations) == 0 || it == iterations);

    /// <summary>Mean PSNR (dB, ground truth as 8-bit values / 255, renders clamped to [0, 1]).</summary>
    public double Psnr(TalkingGaussianModel model)
    {
        var total = 0.0;
        foreach (var index in indices)
        {
            var image = TalkingGaussianMethod.RenderFrame(model, frames.Get(index, false)).Data;
            var truth = frames.Data.LoadFrame(index).Pixels;
            var mse = 0.0;
            for (var i = 0; i < truth.Length; i++)
            {
                var d = image[i] - (truth[i] / 255.0);
                mse += d * d;
            }

            total += -10 * Math.Log10(Math.Max(mse / truth.Length, 1e-12));
        }

        return total / indices.Length;
    }
}
