using Research.Datasets.AudioFeatures;
using Research.Datasets.Prepared;
using Research.Media.Npy;
using Research.Media.Wav;
using Research.Pipeline.Execution;
using Research.Stages.Experiments;

namespace Research.Stages.Preparation;

/// <summary>Computes [N, steps, C] log-mel windows for every video frame from the prepared 16 kHz audio.</summary>
public static class AudioFeaturesStage
{
    /// <summary>Stage name.</summary>
    public const string Name = "audio-features";

    /// <summary>Bump when outputs would change.</summary>
    public const int CodeVersion = 1;

    /// <summary>Input name of the prepared dataset.</summary>
    public const string DatasetInput = "dataset";

    /// <summary>Runs the stage.</summary>
    public static Task RunAsync(AudioFeatureOptions options, StageContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var dataset = context.Input(DatasetInput);
        var info = PreparedDataset.ReadInfo(dataset);
        var audio = WavFile.Read(Path.Combine(dataset, PreparedDataset.AudioFile)).ToMono();
        var steps = LogMelFrontEnd.Compute(audio, new LogMelOptions { MelBands = options.MelBands });
        var windows = AudioFeatureWindows.Build(steps, info.FrameCount, info.Fps, options.WindowSteps);
        NpyFile.Write(Path.Combine(context.OutputDirectory, PreparedDataset.FeaturesFile), new NpyArray(windows.Data, [windows.Frames, windows.Steps, windows.Columns]));
        context.Progress.Report(new StageProgress(1, 1));
        return Task.CompletedTask;
    }
}
