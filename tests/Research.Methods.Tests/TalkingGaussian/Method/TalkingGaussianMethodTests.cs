using System.Diagnostics;
using NUnit.Framework;
using Research.Datasets.Prepared;
using Research.Media.Imaging;
using Research.Methods.Baselines;
using Research.Methods.TalkingGaussian.Method;
using Research.Testing;

namespace Research.Methods.Tests.TalkingGaussian.Method;

[TestFixture]
public sealed class TalkingGaussianMethodTests
{
    private static readonly TalkingGaussianOptions Short = new()
    {
        MouthIterations = 60,
        FaceIterations = 250,
        FuseIterations = 600,
        MouthInitCount = 1000,
        FaceInitCount = 1000,
        LogInterval = 50,
    };

    private static MethodContext Context(int seed = 7) =>
        new(seed, 2, TestContext.Out, new Progress<MethodProgress>(), CancellationToken.None);

    private static double Psnr(PreparedDataset data, IReadOnlyDictionary<int, FloatImage> images)
    {
        var total = 0.0;
        foreach (var (index, image) in images)
        {
            var gt = data.LoadFrame(index).Pixels;
            var mse = 0.0;
            for (var i = 0; i < gt.Length; i++)
            {
                var d = Math.Round(Math.Clamp(image.Data[i], 0f, 1f) * 255.0) / 255.0 - (gt[i] / 255.0);
                mse += d * d;
            }

            total += -10 * Math.Log10(Math.Max(mse / gt.Length, 1e-12));
        }

        return total / images.Count;
    }

    private static Dictionary<int, FloatImage> RenderAll(ITalkingHeadMethod method, PreparedDataset data, string model)
    {
        var images = new Dictionary<int, FloatImage>();
        method.Render(data, model, data.TestFrames, (i, image) => images[i] = image, Context());
        return images;
    }

    [Test]
    public void ShortRunAddsTheHeadAndComesCloseToTheMeanFrame()
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var tg = new TalkingGaussianMethod(Short);
        var watch = Stopwatch.StartNew();
        tg.Train(data, temp.Combine(), Context());
        TestContext.Out.WriteLine($"training took {watch.Elapsed.TotalSeconds:F1} s");
        var mean = new MeanFrameMethod(new MeanFrameOptions());
        Directory.CreateDirectory(temp.Combine("mean"));
        mean.Train(data, temp.Combine("mean"), Context());
        var rendered = RenderAll(tg, data, temp.Path);
        var tgPsnr = Psnr(data, rendered);
        if (Environment.GetEnvironmentVariable("TG_DUMP") is { } dump)
        {
            foreach (var (i, image) in rendered)
            {
                Research.Media.Png.PngFile.Write(Path.Combine(dump, $"tg_{i}.png"), image.ToBytes());
                Research.Media.Png.PngFile.Write(Path.Combine(dump, $"gt_{i}.png"), data.LoadFrame(i));
                Research.Media.Png.PngFile.Write(Path.Combine(dump, $"bg_{i}.png"), data.LoadTorsoBackground(i));
            }
        }

        var meanPsnr = Psnr(data, RenderAll(mean, data, temp.Combine("mean")));
        var headless = Psnr(data, data.TestFrames.ToDictionary(i => i, i => new FloatImage(data.Width, data.Height, 3, SceneFrames.Interleaved(SceneFrames.Planar(data.LoadTorsoBackground(i)), data.Width, data.Height))));
        TestContext.Out.WriteLine($"held-out PSNR: talking-gaussian {tgPsnr:F2} dB, mean-frame {meanPsnr:F2} dB, torso background without a head {headless:F2} dB");
        Assert.That(tgPsnr, Is.GreaterThan(headless + 5));
        Assert.That(tgPsnr, Is.GreaterThan(meanPsnr - 3));
    }

    // The evidence: a short run beats the mean-frame baseline by a stated margin. On the quickstart's clip
    // (128², 4 s) the small preset measured +2.2 dB (31.77 against 29.55 in the quickstart); 1 dB leaves room for
    // float differences across machines without letting a regression to "a blurry mean face" pass.
    [Test]
    public void SmallPresetBeatsTheMeanFrameByOneDecibelOnTheQuickstartClip()
    {
        const double Margin = 1.0;
        var data = SyntheticScene.OpenQuickstart();
        using var temp = new TempDirectory();
        var tg = new TalkingGaussianMethod(new TalkingGaussianOptions { Scale = TalkingGaussianScale.Small, LogInterval = 0 });
        tg.Train(data, temp.Combine("tg"), Context(1234));
        var mean = new MeanFrameMethod(new MeanFrameOptions());
        Directory.CreateDirectory(temp.Combine("mean"));
        mean.Train(data, temp.Combine("mean"), Context(1234));
        var tgPsnr = Psnr(data, RenderAll(tg, data, temp.Combine("tg")));
        var meanPsnr = Psnr(data, RenderAll(mean, data, temp.Combine("mean")));
        TestContext.Out.WriteLine($"held-out PSNR on the quickstart clip: talking-gaussian (small) {tgPsnr:F2} dB, mean-frame {meanPsnr:F2} dB");
        Assert.That(tgPsnr, Is.GreaterThan(meanPsnr + Margin));
    }
}
