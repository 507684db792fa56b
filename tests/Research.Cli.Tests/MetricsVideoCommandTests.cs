using System.Text.Json;
using NUnit.Framework;
using Research.Tensors.Serialization;
using Research.Testing;

namespace Research.Cli.Tests;

[Platform(Exclude = "Win", Reason = "The fake FeatureExtraction is a POSIX shell script.")]
public class MetricsVideoCommandTests
{
    [Test]
    public async Task Should_compute_every_metric_the_weights_and_tools_allow_on_two_videos()
    {
        ExternalTools.RequireFfmpeg();
        using var dir = new TempDirectory();
        var pred = Video(dir.Combine("pred.mp4"), "testsrc");
        var gt = Video(dir.Combine("gt.mp4"), "testsrc2");
        GeneratedWeights.WriteLpipsAlex(dir.Combine("lpips"), seed: 5);
        var syncnet = dir.Combine("syncnet_v2.safetensors");
        SafetensorsFile.Write(syncnet, GeneratedWeights.SyncNet(new Random(6)));

        var result = await CliHarness.Run(
            "metrics", "video", "--pred", pred, "--gt", gt, "--json",
            "--lpips-weights", dir.Combine("lpips"), "--syncnet-weights", syncnet, "--openface", FakeOpenFace.Write(dir.Path));

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        var frames = root.GetProperty("image").GetProperty("frames").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(frames, Has.Count.EqualTo(15), "0.6 s at 25 fps");
            Assert.That(frames.Select(f => f.GetProperty("lpips").GetDouble()), Is.All.GreaterThan(0));
            Assert.That(frames.Select(f => f.GetProperty("psnr").GetDouble()), Is.All.LessThan(30), "different test patterns");
            Assert.That(root.GetProperty("image").GetProperty("lpipsVariant").GetString(), Is.EqualTo("alex_v0.1_normalize"));
            Assert.That(root.GetProperty("sync").GetProperty("cropMode").GetString(), Is.EqualTo("resize224"));
            Assert.That(root.GetProperty("sync").GetProperty("windowDistances").GetArrayLength(), Is.EqualTo(10), "15 frames → 10 windows");
            Assert.That(root.GetProperty("aue").GetProperty("upper").GetProperty("aggregate").GetProperty("mean").GetDouble(), Is.EqualTo(FakeOpenFace.UpperAue).Within(1e-9));
            Assert.That(root.GetProperty("lmd").GetProperty("lmd").GetProperty("mean").GetDouble(), Is.EqualTo(FakeOpenFace.Lmd).Within(1e-9));
            Assert.That(root.GetProperty("unavailable").GetArrayLength(), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task Should_skip_metrics_without_weights_with_a_hint_and_still_succeed()
    {
        ExternalTools.RequireFfmpeg();
        using var dir = new TempDirectory();
        var pred = Video(dir.Combine("a.mp4"), "testsrc");

        var result = await CliHarness.Run(
            "metrics", "video", "--pred", pred, "--gt", pred,
            "--lpips-weights", dir.Combine("none"), "--syncnet-weights", dir.Combine("none"));

        Assert.That(result.Code, Is.EqualTo(0), result.Error);
        Assert.That(result.Error, Does.Contain("LPIPS not computed: LPIPS-alex weights not found"));
        Assert.That(result.Error, Does.Contain("Sync-C / Sync-D not computed: SyncNet weights not found"));
        Assert.That(result.Error, Does.Contain("AUE, LMD not computed: AUE and LMD need OpenFace"));
        Assert.That(result.Out, Does.Contain("mean  PSNR"));
    }

    [Test]
    public async Task Should_score_lpips_on_images_when_weights_are_given()
    {
        using var dir = new TempDirectory();
        GeneratedWeights.WriteLpipsAlex(dir.Combine("lpips"), seed: 7);
        var rng = new Random(8);
        var a = new Media.Imaging.ByteImage(48, 48, 3);
        var b = new Media.Imaging.ByteImage(48, 48, 3);
        rng.NextBytes(a.Pixels);
        rng.NextBytes(b.Pixels);
        Media.Png.PngFile.Write(dir.Combine("a.png"), a);
        Media.Png.PngFile.Write(dir.Combine("b.png"), b);

        var same = await CliHarness.Run("metrics", "images", "--pred", dir.Combine("a.png"), "--gt", dir.Combine("a.png"), "--json", "--lpips-weights", dir.Combine("lpips"));
        var different = await CliHarness.Run("metrics", "images", "--pred", dir.Combine("a.png"), "--gt", dir.Combine("b.png"), "--lpips-weights", dir.Combine("lpips"), "--lpips-net", "alex");

        Assert.That(same.Code + different.Code, Is.EqualTo(0), same.Error + different.Error);
        using var json = JsonDocument.Parse(same.Out);
        Assert.That(json.RootElement.GetProperty("lpips").GetProperty("mean").GetDouble(), Is.EqualTo(0), "identical frames");
        Assert.That(different.Out, Does.Match(@"LPIPS 0\.\d{4}").And.Contain("LPIPS alex_v0.1_normalize"));
    }

    // 0.6 s of an ffmpeg test pattern with a tone, 64×64 at 25 fps.
    private static string Video(string path, string pattern)
    {
        ExternalTools.Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", $"{pattern}=size=64x64:rate=25:duration=0.6",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=0.6", "-pix_fmt", "yuv420p", "-shortest", path);
        return path;
    }
}
