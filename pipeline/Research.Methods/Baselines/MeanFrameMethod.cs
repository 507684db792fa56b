using Research.Datasets.Prepared;
using Research.Media.Imaging;
using Research.Media.Npy;

namespace Research.Methods.Baselines;

/// <summary>Predicts the per-pixel mean of the training frames (accumulated in float64) for every frame.</summary>
public sealed class MeanFrameMethod : ITalkingHeadMethod
{
    /// <summary>Registered name.</summary>
    public const string Name = "mean-frame";

    private const string ModelFile = "mean.npy";

    /// <summary>Creates the method.</summary>
    public MeanFrameMethod(MeanFrameOptions options) => Options = options;

    /// <summary>The options.</summary>
    public MeanFrameOptions Options { get; }

    /// <inheritdoc />
    public void Train(ITalkingHeadData data, string modelDirectory, MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(context);
        var frames = data.TrainFrames;
        var mean = FrameAverage.Of(data, frames, done =>
        {
            context.Cancellation.ThrowIfCancellationRequested();
            context.Progress.Report(new MethodProgress(done, frames.Count, "averaging frames"));
        }).Data;
        NpyFile.Write(Path.Combine(modelDirectory, ModelFile), new NpyArray(mean, [data.Height, data.Width, 3]));
    }

    /// <inheritdoc />
    public void Render(ITalkingHeadData data, string modelDirectory, IReadOnlyList<int> frames, Action<int, FloatImage> write, MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(context);
        var mean = NpyFile.Read(Path.Combine(modelDirectory, ModelFile)).ToFloat32();
        for (var n = 0; n < frames.Count; n++)
        {
            write(frames[n], new FloatImage(data.Width, data.Height, 3, (float[])mean.Clone()));
            context.Progress.Report(new MethodProgress(n + 1, frames.Count, "rendering"));
        }
    }
}
