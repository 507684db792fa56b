using System.Text.Json;
using NUnit.Framework;
using Research.Media.Imaging;
using Research.Metrics.Aggregation;
using Research.Metrics.Evaluation;
using Research.Metrics.Image;
using Research.Metrics.Tests.Reference;
using Research.Testing;

namespace Research.Metrics.Tests;

[TestFixture]
public sealed class ImageMetricsEvaluatorTests
{
    [Test]
    public void Per_frame_values_and_means_match_the_single_metrics()
    {
        var frames = MakeFrames();
        var report = new ImageMetricsEvaluator().Evaluate(frames);
        var psnr = frames.Select(f => Psnr.Compute(f.Pred, f.Gt)).ToArray();
        var ssim = frames.Select(f => Ssim.Compute(f.Pred, f.Gt)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(report.Frames.Select(f => f.Name), Is.EqualTo(new[] { "0.png", "1.png", "2.png", "3.png" }));
            Assert.That(report.Frames.Select(f => f.Psnr), Is.EqualTo(psnr));
            Assert.That(report.Frames.Select(f => f.Ssim), Is.EqualTo(ssim));
            Assert.That(report.Psnr.Mean, Is.EqualTo((psnr[0] + psnr[1] + psnr[3]) / 3).Within(1e-12));
            Assert.That(report.Psnr.Count, Is.EqualTo(3));
            Assert.That(report.Psnr.InfiniteCount, Is.EqualTo(1));
            Assert.That(report.Ssim.Mean, Is.EqualTo(ssim.Average()).Within(1e-15));
            Assert.That(report.Ssim.Count, Is.EqualTo(4));
            Assert.That(report.Ssim.InfiniteCount, Is.Zero);
            Assert.That(report.SsimVariant, Is.EqualTo("gaussian11-valid"));
        });
    }

    [Test]
    public void Variant_option_is_used_and_recorded()
    {
        var frames = MakeFrames();
        var report = new ImageMetricsEvaluator(new ImageMetricsOptions { SsimVariant = SsimVariant.ThreeDgsZeroPad }).Evaluate(frames);
        Assert.Multiple(() =>
        {
            Assert.That(report.SsimVariant, Is.EqualTo("3dgs-zero-pad"));
            Assert.That(report.Frames[1].Ssim, Is.EqualTo(Ssim.Compute(frames[1].Pred, frames[1].Gt, SsimVariant.ThreeDgsZeroPad)));
        });
    }

    [Test]
    public void Json_round_trips_and_writes_infinity_as_a_named_literal()
    {
        var report = new ImageMetricsEvaluator(new ImageMetricsOptions { Bootstrap = new BootstrapOptions { Seed = 5 } }).Evaluate(MakeFrames());
        var json = MetricsJson.Serialize(report);
        var back = MetricsJson.Deserialize(json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("frames")[2].GetProperty("psnr").GetString(), Is.EqualTo("Infinity"));
            Assert.That(root.GetProperty("psnr").GetProperty("infiniteCount").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("ssimVariant").GetString(), Is.EqualTo("gaussian11-valid"));
            Assert.That(root.GetProperty("bootstrap").GetProperty("seed").GetUInt64(), Is.EqualTo(5UL));
            Assert.That(root.GetProperty("ssim").GetProperty("ci").GetProperty("lower").GetDouble(), Is.EqualTo(report.Ssim.Ci.Lower));
            Assert.That(back.Frames, Is.EqualTo(report.Frames));
            Assert.That(back.Psnr, Is.EqualTo(report.Psnr));
            Assert.That(back.Ssim, Is.EqualTo(report.Ssim));
            Assert.That(back.Bootstrap, Is.EqualTo(report.Bootstrap));
        });
    }

    [Test]
    public void Default_serializer_options_also_give_camel_case()
    {
        var frame = new FrameMetrics { Name = "0.png", Psnr = double.PositiveInfinity, Ssim = 1.0 };
        Assert.That(JsonSerializer.Serialize(frame), Is.EqualTo("{\"name\":\"0.png\",\"psnr\":\"Infinity\",\"ssim\":1}"));
    }

    [Test]
    public void Paths_are_paired_and_loaded_through_the_given_loader()
    {
        using var dir = new TempDirectory();
        var pred = dir.Combine("pred");
        var gt = dir.Combine("gt");
        Directory.CreateDirectory(pred);
        Directory.CreateDirectory(gt);
        var images = new Dictionary<string, FloatImage>();
        var frames = MakeFrames();
        for (var i = 0; i < frames.Count; i++)
        {
            var name = $"{i * 5}.png";
            images[Path.Combine(pred, name)] = frames[i].Pred;
            images[Path.Combine(gt, name)] = frames[i].Gt;
            File.WriteAllBytes(Path.Combine(pred, name), []);
            File.WriteAllBytes(Path.Combine(gt, name), []);
        }

        var loaded = new List<string>();
        var report = new ImageMetricsEvaluator().EvaluatePaths(pred, gt, path =>
        {
            loaded.Add(path);
            return images[path];
        });
        Assert.Multiple(() =>
        {
            Assert.That(report.Frames.Select(f => f.Name), Is.EqualTo(new[] { "0.png", "5.png", "10.png", "15.png" }));
            Assert.That(loaded, Has.Count.EqualTo(8));
            Assert.That(report.Frames[2].Psnr, Is.EqualTo(double.PositiveInfinity));
            Assert.That(report.Frames[3].Ssim, Is.EqualTo(Ssim.Compute(frames[3].Pred, frames[3].Gt)));
        });
    }

    [Test]
    public void Errors_name_the_frame()
    {
        var good = TestImage.Random(16, 16, 3, seed: 1).Image;
        var bad = new FloatImage(16, 15, 3);
        Assert.That(
            () => new ImageMetricsEvaluator().EvaluateFrame("7.png", good, bad),
            Throws.ArgumentException.With.Message.Contains("Frame '7.png'").And.Message.Contains("16x15x3"));
    }

    private static List<ImagePair> MakeFrames()
    {
        var frames = new List<ImagePair>();
        for (var i = 0; i < 4; i++)
        {
            var gt = TestImage.Random(24, 20, 3, seed: i);

            // Frame 2 is identical to its ground truth: PSNR +∞.
            var pred = i == 2 ? new TestImage(new FloatImage(24, 20, 3, (float[])gt.Image.Data.Clone())) : TestImage.Noisy(gt, 0.05f * (i + 1), seed: 100 + i);
            frames.Add(new ImagePair { Name = $"{i}.png", Pred = pred.Image, Gt = gt.Image });
        }

        return frames;
    }
}
