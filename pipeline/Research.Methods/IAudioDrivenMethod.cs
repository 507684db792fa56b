using Research.Datasets.Prepared;
using Research.Media.Imaging;

namespace Research.Methods;

/// <summary>
/// A method that can be driven by audio other than the dataset's own (novel audio): everything the audio does not
/// control (camera pose, expression / AUs, torso and background) is replayed from dataset frames.
/// </summary>
public interface IAudioDrivenMethod : ITalkingHeadMethod
{
    /// <summary>
    /// Renders <see cref="AudioDrive.FrameCount"/> frames from a trained model: frame k takes its audio from
    /// <see cref="AudioDrive.Features"/> (the window around k) and everything else from dataset frame
    /// <c>drive.SourceFrames[k]</c>; each image goes to <paramref name="write"/> as (k, image).
    /// </summary>
    /// <exception cref="InvalidOperationException">The features do not match the model (channels or window length); the message says which.</exception>
    void RenderWithAudio(ITalkingHeadData data, string modelDirectory, AudioDrive drive, Action<int, FloatImage> write, MethodContext context);
}
