using System.Globalization;
using Research.Media.Imaging;
using Research.Tensors.Autograd;

namespace Research.Methods.TalkingGaussian.Method;

/// <summary>
/// Inference of a trained model (notes §2.7 and step 14): per frame, deform both branches with the frame's audio window
/// (and AUs for the face), render them over black and composite face over mouth over the torso/background image.
/// Novel audio replays a dataset frame's camera, AUs and torso/background (<see cref="AudioDrive"/>).
/// </summary>
internal sealed class TalkingGaussianSynthesizer
{
    private readonly TalkingGaussianModel model;
    private readonly SceneFrames scene;
    private readonly bool dilateMouthAlpha;

    public TalkingGaussianSynthesizer(TalkingGaussianModel model, SceneFrames scene, bool dilateMouthAlpha)
    {
        this.model = model;
        this.scene = scene;
        this.dilateMouthAlpha = dilateMouthAlpha;
    }

    /// <summary>Held-out (or any dataset) frame with its own audio.</summary>
    public FloatImage RenderDatasetFrame(int index) => Render(model, scene.Get(index, false), dilateMouthAlpha);

    /// <summary>Output frame <paramref name="k"/> of a novel-audio drive.</summary>
    public FloatImage RenderDriven(AudioDrive drive, int k) => Render(model, DrivenFrame(drive, k), dilateMouthAlpha);

    /// <summary>Frame <c>SourceFrames[k]</c> of the dataset with the audio window of frame k of the drive.</summary>
    public SceneFrame DrivenFrame(AudioDrive drive, int k) =>
        scene.Get(drive.SourceFrames[k], false) with { Audio = scene.AudioWindow(drive.Features, k) };

    /// <summary>Throws when <paramref name="drive"/> cannot drive the model: other feature channels or window length, or a source frame outside the dataset.</summary>
    public void Check(AudioDrive drive)
    {
        var features = drive.Features;
        var channels = model.FaceMotion.Options.AudioInputChannels;
        if (features.Columns != channels || features.Steps != scene.AudioSteps)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"talking-gaussian: the driving audio features are [{features.Frames}, {features.Steps}, {features.Columns}] but the model was trained on [frames, {scene.AudioSteps}, {channels}] windows; extract the new audio's features with the same extractor as the dataset's."));
        }

        foreach (var source in drive.SourceFrames)
        {
            if (source < 0 || source >= scene.Data.FrameCount)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"talking-gaussian: source frame {source} is outside the dataset's {scene.Data.FrameCount} frames."));
            }
        }
    }

    /// <summary>One composited frame, clamped to [0, 1].</summary>
    public static FloatImage Render(TalkingGaussianModel model, SceneFrame frame, bool dilateMouthAlpha)
    {
        using var noGrad = new NoGrad();
        var image = TalkingGaussianTrainer.Compose(model, frame, FrozenGeometry.Compute(model, frame), dilateMouthAlpha).Clamp(0f, 1f);
        var (w, h) = (frame.Camera.Width, frame.Camera.Height);
        return new FloatImage(w, h, 3, SceneFrames.Interleaved(image.ToArray(), w, h));
    }
}
