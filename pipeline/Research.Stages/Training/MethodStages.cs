using Research.Datasets.Prepared;
using Research.Media.Png;
using Research.Methods;
using Research.Pipeline.Execution;
using Research.Stages.Experiments;

namespace Research.Stages.Training;

/// <summary>The per-job <c>train</c> and <c>render</c> stages: thin adapters from stages to <see cref="ITalkingHeadMethod"/>.</summary>
public static class MethodStages
{
    /// <summary>Train stage name.</summary>
    public const string TrainName = "train";

    /// <summary>Render stage name.</summary>
    public const string RenderName = "render";

    /// <summary>Bump when outputs would change.</summary>
    public const int CodeVersion = 1;

    /// <summary>Input: prepared dataset.</summary>
    public const string DatasetInput = "dataset";

    /// <summary>Input: audio features.</summary>
    public const string FeaturesInput = "features";

    /// <summary>Input: masks and rectangles (only for datasets with parsing maps).</summary>
    public const string MasksInput = "masks";

    /// <summary>Input: trained model.</summary>
    public const string ModelInput = "model";

    /// <summary>Training curves file a method may write into the train output (published to the run's job folder).</summary>
    public const string CurvesFile = "curves.csv";

    /// <summary>Folder of rendered frames inside the render output.</summary>
    public const string FramesFolder = "frames";

    /// <summary>
    /// Trains the job's method; a method with LPIPS terms gets the loss from <paramref name="lpips"/> (or the reason
    /// it is missing).
    /// </summary>
    public static Task TrainAsync(JobSpec job, StageContext context, TrainingLpips? lpips = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(context);
        var data = OpenData(context);
        var method = job.Method.Create(job.Options);
        var methodContext = ToMethodContext(context);
        if (job.Method.UsesPerceptualLoss && lpips is not null)
        {
            methodContext = methodContext with { PerceptualLoss = lpips.Loss, PerceptualLossMissing = lpips.Missing };
        }

        method.Train(data, context.OutputDirectory, methodContext);
        return Task.CompletedTask;
    }

    /// <summary>Renders the held-out frames as <c>frames/&lt;index&gt;.png</c>.</summary>
    public static Task RenderAsync(JobSpec job, StageContext context)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(context);
        var data = OpenData(context);
        var method = job.Method.Create(job.Options);
        var output = Path.Combine(context.OutputDirectory, FramesFolder);
        Directory.CreateDirectory(output);
        method.Render(data, context.Input(ModelInput), data.TestFrames, (index, image) =>
        {
            if (image.Width != data.Width || image.Height != data.Height || image.Channels != 3)
            {
                throw new InvalidOperationException($"{job.Method.Name} rendered a {image.Width}x{image.Height}x{image.Channels} image; expected {data.Width}x{data.Height}x3.");
            }

            PngFile.Write(Path.Combine(output, index.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".png"), image.ToBytes());
        }, ToMethodContext(context));
        return Task.CompletedTask;
    }

    private static PreparedDataset OpenData(StageContext context) => PreparedDataset.Open(
        context.Input(DatasetInput),
        context.Input(FeaturesInput),
        context.InputPaths.TryGetValue(MasksInput, out var masks) ? masks : null);

    private static MethodContext ToMethodContext(StageContext context) => new(
        context.Seed ?? 0,
        context.Threads,
        context.Log,
        new SynchronousProgress<MethodProgress>(value => context.Progress.Report(new StageProgress(value.Done, value.Total, value.Detail))),
        context.Cancellation)
    {
        CheckpointDirectory = context.CheckpointDirectory,
    };
}
