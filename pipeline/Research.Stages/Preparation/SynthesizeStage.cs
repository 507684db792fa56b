using System.Globalization;
using Research.Datasets.Synthetic;
using Research.Media.Ffmpeg;
using Research.Pipeline.Execution;
using Research.Stages.Experiments;

namespace Research.Stages.Preparation;

/// <summary>
/// Generates the synthetic talking head in the ER-NeRF layout, with <c>synthetic/</c> ground truth and, when ffmpeg
/// is present, <c>clip.mp4</c> (docs/synthetic-head.md).
/// </summary>
public static class SynthesizeStage
{
    /// <summary>Stage name.</summary>
    public const string Name = "synthesize";

    /// <summary>Bump when outputs would change.</summary>
    public const int CodeVersion = 1;

    /// <summary>Runs the stage.</summary>
    public static async Task RunAsync(DatasetOptions options, FfmpegTools? ffmpeg, StageContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var synthetic = options.Synthetic;
        var head = new SyntheticHeadOptions
        {
            Seconds = synthetic.Seconds,
            Fps = options.Fps,
            Resolution = synthetic.Resolution,
            IdentitySeed = synthetic.IdentitySeed,
            MotionSeed = synthetic.MotionSeed,
            Threads = Math.Max(1, context.Threads),
        };
        var progress = new SynchronousProgress<SyntheticProgress>(p => context.Progress.Report(new StageProgress(p.FramesDone, p.FrameCount, "rendering frames")));
        await SyntheticDatasetGenerator.GenerateAsync(context.OutputDirectory, head, ffmpeg, progress, context.Cancellation).ConfigureAwait(false);
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"synthetic head: {synthetic.Seconds} s at {options.Fps} fps, {synthetic.Resolution}², identity seed {synthetic.IdentitySeed}, motion seed {synthetic.MotionSeed}{(ffmpeg is null ? "; no clip.mp4 (ffmpeg not found)" : string.Empty)}")).ConfigureAwait(false);
    }

}
