using Research.Methods.TalkingGaussian.Method;
using Research.Methods.TalkingGaussian.Networks;
using Research.Methods.TalkingGaussian.Training;
using Research.Splatting.Gaussians;
using Research.Tensors.Autograd;

namespace Research.Methods.TalkingGaussian.Curves;

/// <summary>
/// PSNR on at most three held-out frames (the first, middle and last of the split), averaged over the frames. Face stage
/// (with the finished mouth branch) and fuse: the full composite (face over mouth over the torso/background image, as
/// rendered at inference) against the frame. Mouth stage (no face yet): the mouth branch over green against its
/// green-screen target (the frame's mouth pixels, green elsewhere), as in training; not comparable with the others.
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

    /// <summary>Mean PSNR (dB) of the mouth branch, audio-deformed, over green against the mouth green-screen target.</summary>
    public double MouthPsnr(GaussianModel mouth, MouthMotionNetwork<float> network)
    {
        using var noGrad = new NoGrad();
        var green = GreenScreenTargets.Green;
        var total = 0.0;
        foreach (var index in indices)
        {
            var frame = frames.Get(index, true);
            var masks = frame.Masks!;
            var means = GaussianDeformation.Translate(mouth.Means.Detach(), network.Forward(mouth.Means.Detach(), frame.Audio));
            var render = TalkingGaussianTrainer.Render(frame.Camera, mouth, means, mouth.GetScaling(), mouth.GetRotation(), TalkingGaussianTrainer.Colour(green));
            var image = GreenScreenTargets.FillBackground(render.Color, GreenScreenTargets.MouthOverwriteMask(masks.LipsRect, masks.Mouth), green).Clamp(0f, 1f).ToArray();
            var target = GreenScreenTargets.MouthGroundTruth(frame.GroundTruth, masks.Mouth, green);
            var mse = 0.0;
            for (var i = 0; i < target.Length; i++)
            {
                var d = (double)image[i] - target[i];
                mse += d * d;
            }

            total += -10 * Math.Log10(Math.Max(mse / target.Length, 1e-12));
        }

        return total / indices.Length;
    }
}
