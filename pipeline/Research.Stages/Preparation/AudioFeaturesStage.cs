using System.Globalization;
using System.Text.Json;
using Research.Datasets.AudioFeatures;
using Research.Datasets.ErNerf;
using Research.Datasets.Prepared;
using Research.Media.Npy;
using Research.Media.Wav;
using Research.Pipeline.Errors;
using Research.Pipeline.Execution;
using Research.Stages.Experiments;

namespace Research.Stages.Preparation;

/// <summary>
/// Per-frame audio feature windows [N, steps, C]: the dataset's precomputed DeepSpeech / HuBERT / wav2vec features
/// when asked for (or when present, with <c>source: auto</c>), else the built-in log-mel front end on <c>aud.wav</c>.
/// Writes <c>features.npy</c> and <c>features.json</c> (which source, which file, the shape).
/// </summary>
public static class AudioFeaturesStage
{
    /// <summary>Stage name.</summary>
    public const string Name = "audio-features";

    /// <summary>Bump when outputs would change.</summary>
    public const int CodeVersion = 2;

    /// <summary>Input name of the extracted dataset.</summary>
    public const string DatasetInput = "dataset";

    /// <summary>Description of the features.</summary>
    public const string DescriptionFile = "features.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>The dataset's feature file for <paramref name="source"/>, or null (log-mel, or nothing shipped).</summary>
    public static string? FindImported(string datasetDirectory, AudioFeatureSource source)
    {
        string[] candidates = source switch
        {
            AudioFeatureSource.Auto => [.. ErNerfLayout.AudioFeatureFiles],
            AudioFeatureSource.Deepspeech => ["aud_ds.npy", "aud.npy"],
            AudioFeatureSource.Hubert => ["aud_hu.npy"],
            AudioFeatureSource.Wav2vec => ["aud_eo.npy"],
            _ => [],
        };
        return candidates.Select(name => Path.Combine(datasetDirectory, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Runs the stage.</summary>
    public static async Task RunAsync(AudioFeatureOptions options, StageContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var dataset = context.Input(DatasetInput);
        var info = PreparedDataset.ReadInfo(dataset);
        var imported = FindImported(dataset, options.Source);
        if (imported is null && options.Source is not (AudioFeatureSource.Auto or AudioFeatureSource.LogMel))
        {
            throw new UserErrorException($"audio_features.source is {options.Source.ToString().ToLowerInvariant()}, but {dataset} has no matching file ({string.Join(", ", ErNerfLayout.AudioFeatureFiles)}). Extract them with the official scripts (docs/datasets.md) or use source: log-mel.");
        }

        FeatureWindows windows;
        string source;
        if (imported is not null)
        {
            windows = Import(imported, info.FrameCount, context.Log);
            source = Path.GetFileName(imported);
        }
        else
        {
            var audio = WavFile.Read(Path.Combine(dataset, ErNerfLayout.Audio)).ToMono();
            var steps = LogMelFrontEnd.Compute(audio, new LogMelOptions { MelBands = options.MelBands });
            windows = AudioFeatureWindows.Build(steps, info.FrameCount, info.Fps, options.WindowSteps);
            source = "log-mel";
        }

        NpyFile.Write(Path.Combine(context.OutputDirectory, PreparedDataset.FeaturesFile), new NpyArray(windows.Data, [windows.Frames, windows.Steps, windows.Columns]));
        var description = new { Source = source, Shape = windows.Shape };
        await File.WriteAllTextAsync(Path.Combine(context.OutputDirectory, DescriptionFile), JsonSerializer.Serialize(description, JsonOptions) + "\n", context.Cancellation).ConfigureAwait(false);
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"features from {source}: [{string.Join(", ", windows.Shape)}]")).ConfigureAwait(false);
        context.Progress.Report(new StageProgress(1, 1));
    }

    // DeepSpeech windows come out ceil(steps / 2) long, which can exceed the frame count by one; fewer rows than frames
    // means the features belong to another clip.
    private static FeatureWindows Import(string path, int frameCount, TextWriter log)
    {
        var npy = NpyFile.Read(path);
        if (npy.Rank != 3)
        {
            throw new UserErrorException($"{path}: expected audio features of shape [frames, window, channels], got [{string.Join(", ", npy.Shape)}].");
        }

        if (npy.Shape[0] < frameCount)
        {
            throw new UserErrorException($"{path}: {npy.Shape[0]} feature rows for {frameCount} frames; the features do not match this clip's audio. Re-extract them from aud.wav.");
        }

        var data = npy.ToFloat32();
        var rowSize = npy.Shape[1] * npy.Shape[2];
        if (npy.Shape[0] > frameCount)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warning: {path} has {npy.Shape[0]} rows for {frameCount} frames; using the first {frameCount}"));
            data = data.AsSpan(0, frameCount * rowSize).ToArray();
        }

        return new FeatureWindows(frameCount, npy.Shape[1], npy.Shape[2], data);
    }
}
