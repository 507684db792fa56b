using NUnit.Framework;
using Research.Methods.TalkingGaussian.Checkpoints;
using Research.Methods.TalkingGaussian.Curves;
using Research.Methods.TalkingGaussian.Method;
using Research.Testing;

namespace Research.Methods.Tests.TalkingGaussian.Method;

[TestFixture]
public sealed class TalkingGaussianCheckpointTests
{
    // Mouth 24 / face 48 (densifying at 20, 30, 40) / fuse 16 iterations, a checkpoint every 5.
    private static readonly TalkingGaussianOptions Options = TalkingGaussianDeterminismTests.Tiny with { FuseIterations = 16, CheckpointInterval = 5 };

    // Cancels the run once the progress counter reaches `stopAt` (the next iteration throws, like Ctrl+C).
    private sealed class StopAfter(int stopAt, CancellationTokenSource cancel) : IProgress<MethodProgress>
    {
        public void Report(MethodProgress value)
        {
            if (value.Done >= stopAt)
            {
                cancel.Cancel();
            }
        }
    }

    private static MethodContext Context(string? checkpoints, TextWriter log, IProgress<MethodProgress> progress, CancellationToken cancel, int seed = 7) =>
        new(seed, 2, log, progress, cancel) { CheckpointDirectory = checkpoints };

    private static string[] WithoutTime(string file) =>
        [.. File.ReadAllLines(file).Select(l => l[..l.LastIndexOf(',')])];

    [Test]
    public void RunsKilledInMouthFaceAndFuseResumeToTheSameModel()
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var method = new TalkingGaussianMethod(Options);
        method.Train(data, temp.Combine("reference"), Context(null, TextWriter.Null, new Progress<MethodProgress>(), CancellationToken.None));

        var checkpoints = temp.Combine("checkpoints");
        var log = new StringWriter();

        // Killed at mouth 13 (checkpoint 10), face 31 (checkpoint 30) and fuse 7 (checkpoint 5), resumed each time.
        foreach (var stopAt in new[] { 13, 24 + 31, 24 + 48 + 7 })
        {
            using var cancel = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() => method.Train(data, temp.Combine("killed"), Context(checkpoints, log, new StopAfter(stopAt, cancel), cancel.Token)));
        }

        method.Train(data, temp.Combine("resumed"), Context(checkpoints, log, new Progress<MethodProgress>(), CancellationToken.None));

        var text = log.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain($"resuming from {Path.Combine(checkpoints, TrainingCheckpoint.FileName)} (mouth iteration 10/24)"));
            Assert.That(text, Does.Contain("(face iteration 30/48)"));
            Assert.That(text, Does.Contain("(fuse iteration 5/16)"));
            Assert.That(File.Exists(Path.Combine(temp.Combine("killed"), TalkingGaussianModel.TensorsFile)), Is.False);
            Assert.That(
                File.ReadAllBytes(Path.Combine(temp.Combine("resumed"), TalkingGaussianModel.TensorsFile)),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(temp.Combine("reference"), TalkingGaussianModel.TensorsFile))),
                "model.safetensors bytes");
            Assert.That(
                File.ReadAllText(Path.Combine(temp.Combine("resumed"), TalkingGaussianModel.InfoFile)),
                Is.EqualTo(File.ReadAllText(Path.Combine(temp.Combine("reference"), TalkingGaussianModel.InfoFile))));
            Assert.That(
                WithoutTime(Path.Combine(temp.Combine("resumed"), TrainingCurves.FileName)),
                Is.EqualTo(WithoutTime(Path.Combine(temp.Combine("reference"), TrainingCurves.FileName))),
                "curves.csv without the iteration_ms column");
        });
    }

    // no-region-attention: its motion optimiser has an empty attention group; no-decomposition: no mouth branch (the
    // progress count has no mouth iterations); hash-grid: another encoder. Each is killed once inside the face stage.
    [TestCase(TalkingGaussianVariant.NoRegionAttention, 24 + 23)]
    [TestCase(TalkingGaussianVariant.NoDecomposition, 23)]
    [TestCase(TalkingGaussianVariant.HashGrid, 24 + 23)]
    public void AblationVariantsResumeToTheSameModel(TalkingGaussianVariant variant, int stopAt)
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var method = new TalkingGaussianMethod(Options with { Variant = variant, FuseIterations = 4 });
        method.Train(data, temp.Combine("reference"), Context(null, TextWriter.Null, new Progress<MethodProgress>(), CancellationToken.None));
        var checkpoints = temp.Combine("checkpoints");
        using (var cancel = new CancellationTokenSource())
        {
            Assert.Throws<OperationCanceledException>(() => method.Train(data, temp.Combine("killed"), Context(checkpoints, TextWriter.Null, new StopAfter(stopAt, cancel), cancel.Token)));
        }

        var log = new StringWriter();
        method.Train(data, temp.Combine("resumed"), Context(checkpoints, log, new Progress<MethodProgress>(), CancellationToken.None));
        Assert.That(log.ToString(), Does.Contain("(face iteration 20/48)"));
        Assert.That(
            File.ReadAllBytes(Path.Combine(temp.Combine("resumed"), TalkingGaussianModel.TensorsFile)),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(temp.Combine("reference"), TalkingGaussianModel.TensorsFile))));
    }

    [Test]
    public void CurvesHoldEveryIterationWithTermsCountsAndHeldOutPsnr()
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        new TalkingGaussianMethod(Options with { CheckpointInterval = 0 }).Train(data, temp.Path, Context(null, TextWriter.Null, new Progress<MethodProgress>(), CancellationToken.None));
        var lines = File.ReadAllLines(Path.Combine(temp.Path, TrainingCurves.FileName));
        var header = lines[0].Split(',');
        Assert.That(header, Is.EqualTo(new[] { "stage", "iteration", "loss", "l1", "dssim", "alpha_reg", "motion_reg", "attention_reg", "lpips", "held_out_psnr", "face_gaussians", "mouth_gaussians", "iteration_ms" }));
        var rows = lines[1..].Select(l => l.Split(',')).ToList();
        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        Assert.That(rows, Has.Count.EqualTo(24 + 48 + 16));
        Assert.That(rows.Select(r => r[0]).Distinct(), Is.EqualTo(new[] { "mouth", "face", "fuse" }));
        Assert.Multiple(() =>
        {
            Assert.That(rows.Count(r => r[0] == "mouth" && Cell(r, "held_out_psnr").Length > 0), Is.EqualTo(12), "every 2nd of 24 mouth iterations (branch over green)");
            Assert.That(rows.Where(r => r[0] == "mouth").Select(r => Cell(r, "face_gaussians")), Is.All.Empty);
            var faceLast = rows.Last(r => r[0] == "face");
            Assert.That(double.Parse(Cell(faceLast, "held_out_psnr"), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(5));
            Assert.That(rows.Count(r => r[0] == "face" && Cell(r, "held_out_psnr").Length > 0), Is.EqualTo(12), "every 4th of 48 face iterations");
            Assert.That(rows.Where(r => r[0] == "face").Any(r => Cell(r, "motion_reg").Length > 0 && Cell(r, "attention_reg").Length > 0), Is.True);
            Assert.That(rows.Select(r => Cell(r, "lpips")), Is.All.Empty);
            foreach (var r in rows)
            {
                var sum = double.Parse(Cell(r, "l1"), System.Globalization.CultureInfo.InvariantCulture) + (0.2 * double.Parse(Cell(r, "dssim"), System.Globalization.CultureInfo.InvariantCulture));
                Assert.That(double.Parse(Cell(r, "loss"), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(sum * 0.999), $"{r[0]} {r[1]}");
                Assert.That(double.Parse(Cell(r, "iteration_ms"), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
            }
        });
    }

    [Test]
    public void ACheckpointOfAnotherSeedIsIgnored()
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var checkpoints = temp.Combine("checkpoints");
        var method = new TalkingGaussianMethod(Options with { CheckpointInterval = 2 });
        using (var cancel = new CancellationTokenSource())
        {
            Assert.Throws<OperationCanceledException>(() => method.Train(data, temp.Combine("a"), Context(checkpoints, TextWriter.Null, new StopAfter(3, cancel), cancel.Token)));
        }

        Assert.That(File.Exists(Path.Combine(checkpoints, TrainingCheckpoint.FileName)), Is.True);
        var log = new StringWriter();
        using (var cancel = new CancellationTokenSource())
        {
            Assert.Throws<OperationCanceledException>(() => method.Train(data, temp.Combine("b"), Context(checkpoints, log, new StopAfter(1, cancel), cancel.Token, seed: 8)));
        }

        Assert.That(log.ToString(), Does.Contain("notice: ignoring checkpoint").And.Contain("another seed"));
        Assert.That(log.ToString(), Does.Not.Contain("resuming from"));
    }

    [Test]
    public void AnExplodingLearningRateStopsWithTheIterationAndParameter()
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var method = new TalkingGaussianMethod(Options with { PositionLrScale = 1e300 });
        var error = Assert.Throws<TrainingDivergedException>(() => method.Train(data, temp.Path, Context(null, TextWriter.Null, new Progress<MethodProgress>(), CancellationToken.None)));
        TestContext.Out.WriteLine(error!.Message);
        Assert.That(error.Message, Does.StartWith("mouth iteration 1: parameter 'mouth.xyz' has "));
        Assert.That(error.Message, Does.Contain("NaN").Or.Contain("Inf"));
        Assert.That(error, Is.InstanceOf<Research.Pipeline.Errors.UserErrorException>(), "printed without a stack trace");
    }

    [Test]
    public void CheckpointIntervalBindsFromYamlButStaysOutOfTheCacheKey()
    {
        var options = Research.Pipeline.Configuration.ConfigBinder.Bind<TalkingGaussianOptions>(Research.Pipeline.Configuration.YamlConfigReader.Parse("checkpoint_interval: 7\nlog_interval: 3\n", "m.yaml"));
        Assert.That(options.CheckpointInterval, Is.EqualTo(7));
        Assert.That(new TalkingGaussianOptions().CheckpointInterval, Is.EqualTo(500));
        var key = Research.Pipeline.Caching.CanonicalJson.Serialize(new { Method = TalkingGaussianMethod.Name, Options = options });
        Assert.That(key, Is.EqualTo(Research.Pipeline.Caching.CanonicalJson.Serialize(new { Method = TalkingGaussianMethod.Name, Options = options with { CheckpointInterval = 500 } })));
        Assert.That(key, Does.Not.Contain("checkpoint"));
        Assert.That(new TalkingGaussianOptions { CheckpointInterval = -1 }.Validate().Select(p => p.Key), Does.Contain("checkpoint_interval"));
    }
}
