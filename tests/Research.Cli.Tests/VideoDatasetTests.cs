using System.Text.Json;
using NUnit.Framework;
using Research.Testing;

namespace Research.Cli.Tests;

public class VideoDatasetTests
{
    [Test]
    public async Task Should_prepare_a_video_dataset_with_ffmpeg_and_record_its_version()
    {
        ExternalTools.RequireFfmpeg();
        using var scratch = new TempDirectory();
        var clip = scratch.Combine("clip.mp4");
        ExternalTools.Run("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=48x32:rate=25:duration=2", "-f", "lavfi", "-i", "sine=frequency=220:sample_rate=44100:duration=2", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip);
        var experiment = scratch.Combine("video.yaml");
        await File.WriteAllTextAsync(experiment, $"schema_version: 1\ndefaults:\n  - run: default\n  - metrics: default\nexperiment:\n  name: video-test\ndatasets:\n  clip:\n    use: video\n    path: {clip}\nmethods:\n  mean-frame: {{}}\n");
        var runDir = scratch.Combine("run");

        var result = await CliHarness.Run("run", experiment, $"run.cache_dir={scratch.Combine("cache")}", "run.videos=false", "metrics.bootstrap_resamples=10", "--run-dir", runDir);

        Assert.That(result.Code, Is.EqualTo(0), result.Error + result.Out);
        Assert.That(Directory.GetFiles(Path.Combine(runDir, "jobs", "clip", "mean-frame", "default", "s0", "renders")), Has.Length.EqualTo(5), "50 frames at 25 fps: 45 train, 5 held out");
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runDir, "manifest.json")));
        Assert.That(manifest.RootElement.GetProperty("ffmpeg").GetString(), Does.StartWith("ffmpeg version"));
    }

    [Test]
    public async Task Should_exit_2_when_the_video_file_is_missing()
    {
        ExternalTools.RequireFfmpeg();
        using var scratch = new TempDirectory();
        var experiment = scratch.Combine("video.yaml");
        await File.WriteAllTextAsync(experiment, "schema_version: 1\ndatasets:\n  clip:\n    use: video\n    path: /nonexistent/clip.mp4\nmethods:\n  mean-frame: {}\n");

        var result = await CliHarness.Run("run", experiment, $"run.cache_dir={scratch.Combine("cache")}", "--run-dir", scratch.Combine("run"));

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("Input 'source' of stage 'data/clip/extract' not found: /nonexistent/clip.mp4"));
    }
}
