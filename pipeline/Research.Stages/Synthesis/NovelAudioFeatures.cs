using System.Globalization;
using System.Text.Json;
using Research.Datasets.AudioFeatures;
using Research.Media.Audio;
using Research.Media.Npy;
using Research.Pipeline.Errors;
using Research.Stages.Preparation;

namespace Research.Stages.Synthesis;

/// <summary>
/// Per-frame feature windows of new audio, made like the dataset's: read from a feature file, or computed from a WAV
/// with the dataset's extractor (the built-in log-mel front end; DeepSpeech / HuBERT / wav2vec features cannot be
/// computed here and must be passed as a file).
/// </summary>
public static class NovelAudioFeatures
{
    /// <summary>Reads a feature file: .npy of shape [N, steps, C] (e.g. <c>aud_ds.npy</c> [N, 16, 29]).</summary>
    public static FeatureWindows ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!string.Equals(Path.GetExtension(path), ".npy", StringComparison.OrdinalIgnoreCase))
        {
            throw new UserErrorException($"--audio '{path}': expected a .wav or a .npy feature file [frames, window, channels].");
        }

        var npy = NpyFile.Read(path);
        if (npy.Rank != 3 || npy.Shape[0] == 0)
        {
            throw new UserErrorException($"{path}: expected audio features of shape [frames, window, channels] with at least one frame, got [{string.Join(", ", npy.Shape)}].");
        }

        return new FeatureWindows(npy.Shape[0], npy.Shape[1], npy.Shape[2], npy.ToFloat32());
    }

    /// <summary>
    /// Computes windows from mono audio with the extractor recorded in the dataset's audio-features folder
    /// (<c>features.json</c>), with <paramref name="reference"/>'s window length and channels, at
    /// <paramref name="fps"/>: N = ⌊duration · fps⌋ frames.
    /// </summary>
    public static FeatureWindows FromAudio(AudioClip mono, string featuresDirectory, FeatureWindows reference, double fps)
    {
        ArgumentNullException.ThrowIfNull(mono);
        ArgumentNullException.ThrowIfNull(reference);
        var source = Source(featuresDirectory);
        if (source != "log-mel")
        {
            throw new UserErrorException($"the model's dataset uses audio features from {source}, which cannot be computed from a WAV here; extract the same features from your audio with the official script (docs/datasets.md) and pass the .npy with --audio (and the WAV with --wav for the soundtrack).");
        }

        var frames = (int)Math.Floor((mono.DurationSeconds * fps) + 1e-9);
        if (frames < 1)
        {
            throw new UserErrorException(string.Create(CultureInfo.InvariantCulture, $"the audio is {mono.DurationSeconds:F3} s long, shorter than one frame at {fps} fps."));
        }

        var steps = LogMelFrontEnd.Compute(mono, new LogMelOptions { MelBands = reference.Columns });
        return AudioFeatureWindows.Build(steps, frames, fps, reference.Steps);
    }

    /// <summary>Throws a user error unless <paramref name="features"/> have the reference's window length and channel count.</summary>
    public static void CheckMatches(FeatureWindows features, FeatureWindows reference, string what)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(reference);
        if (features.Steps != reference.Steps || features.Columns != reference.Columns)
        {
            throw new UserErrorException($"{what}: features [{string.Join(", ", features.Shape)}] do not match the model's audio input [frames, {reference.Steps}, {reference.Columns}] (the dataset it was trained on); use features from the same extractor.");
        }
    }

    // "log-mel" or the imported file name, from the audio-features stage's description.
    private static string Source(string featuresDirectory)
    {
        var path = Path.Combine(featuresDirectory, AudioFeaturesStage.DescriptionFile);
        if (!File.Exists(path))
        {
            throw new UserErrorException($"{path} is missing, so the dataset's feature extractor is unknown; pass the new audio's features as a .npy file.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.TryGetProperty("source", out var s) && s.GetString() is { } text ? text : "unknown";
    }
}
