using NUnit.Framework;
using Research.Datasets.AudioFeatures;
using Research.Media.Audio;
using Research.Media.Npy;
using Research.Pipeline.Errors;
using Research.Stages.Synthesis;
using Research.Testing;

namespace Research.Cli.Tests;

public class NovelAudioFeaturesTests
{
    private static readonly FeatureWindows Reference = new(1, 16, 29, new float[16 * 29]);

    private static AudioClip Tone(double seconds)
    {
        var samples = new float[(int)Math.Round(seconds * 16000)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(0.2 * Math.Sin(2 * Math.PI * 200 * i / 16000.0));
        }

        return new AudioClip(16000, 1, samples);
    }

    private static string FeaturesFolder(TempDirectory dir, string source)
    {
        File.WriteAllText(dir.Combine("features.json"), $"{{\n  \"source\": \"{source}\",\n  \"shape\": [1, 16, 29]\n}}\n");
        return dir.Path;
    }

    [Test]
    public void Should_compute_log_mel_windows_like_the_dataset_with_one_window_per_whole_frame()
    {
        using var dir = new TempDirectory();

        var windows = NovelAudioFeatures.FromAudio(Tone(1.23), FeaturesFolder(dir, "log-mel"), Reference, 25);

        Assert.That(windows.Shape, Is.EqualTo(new[] { 30, 16, 29 }));
        Assert.That(windows.Data.Any(v => v != 0), Is.True);
    }

    [Test]
    public void Should_refuse_a_wav_when_the_dataset_used_imported_features()
    {
        using var dir = new TempDirectory();

        var e = Assert.Throws<UserErrorException>(() => NovelAudioFeatures.FromAudio(Tone(1), FeaturesFolder(dir, "aud_ds.npy"), Reference, 25));

        Assert.That(e!.Message, Does.Contain("uses audio features from aud_ds.npy").And.Contain("pass the .npy with --audio"));
    }

    [Test]
    public void Should_read_rank_3_npy_files_and_reject_other_shapes_and_extensions()
    {
        using var dir = new TempDirectory();
        NpyFile.Write(dir.Combine("ok.npy"), new NpyArray(new float[3 * 2 * 1024], [3, 2, 1024]));
        NpyFile.Write(dir.Combine("flat.npy"), new NpyArray(new float[6], [2, 3]));

        Assert.That(NovelAudioFeatures.ReadFile(dir.Combine("ok.npy")).Shape, Is.EqualTo(new[] { 3, 2, 1024 }));
        Assert.That(Assert.Throws<UserErrorException>(() => NovelAudioFeatures.ReadFile(dir.Combine("flat.npy")))!.Message, Does.Contain("got [2, 3]"));
        Assert.That(Assert.Throws<UserErrorException>(() => NovelAudioFeatures.ReadFile(dir.Combine("speech.mp3")))!.Message, Does.Contain("expected a .wav or a .npy"));
    }
}
