using System.Security.Cryptography;
using NUnit.Framework;
using Research.Media.Audio;
using Research.Media.Imaging;
using Research.Media.Png;
using Research.Metrics.ActionUnits;
using Research.Metrics.Evaluation;
using Research.Metrics.Lpips;
using Research.Metrics.Sync;
using Research.Metrics.Tests.Lpips;
using Research.Metrics.Tests.Sync;
using Research.Tensors.Serialization;
using Research.Testing;

namespace Research.Metrics.Tests.Evaluation;

[TestFixture]
public sealed class ClipEvaluatorTests
{
    private static readonly Lazy<SyncNetModel> SyncModel = new(() => SyncNetModel.FromTensors(SyncNetTestWeights.Create(5), "generated"));

    [Test]
    public async Task Lpips_per_frame_equals_the_network_and_the_report_names_variant_and_weight_hashes()
    {
        using var dir = new TempDirectory();
        SafetensorsFile.Write(dir.Combine("alexnet-owt-7be5be79.safetensors"), LpipsTestWeights.Trunk(LpipsNet.Alex, 3));
        SafetensorsFile.Write(dir.Combine("alex.safetensors"), LpipsTestWeights.Lin(LpipsNet.Alex, 4));
        Assert.That(LpipsMetric.TryLoad(LpipsVariant.AlexNormalize, dir.Path, out var lpips, out var hint), Is.True, hint);
        var (preds, gts) = Frames(3, 64, 64, seed: 1);

        var report = await new ClipEvaluator(new ClipMetricsSetup { Image = new ImageMetricsOptions { Lpips = lpips } })
            .EvaluateAsync(Input(preds, gts));

        Assert.Multiple(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.That(report.Image.Frames[i].Lpips, Is.EqualTo(lpips!.Network.Distance(preds[i].ToFloat(), gts[i].ToFloat())), $"frame {i}");
            }

            Assert.That(report.Image.Lpips!.Mean, Is.EqualTo(report.Image.Frames.Average(f => f.Lpips!.Value)).Within(1e-12));
            Assert.That(report.Image.LpipsVariant, Is.EqualTo("alex_v0.1_normalize"));
            Assert.That(report.Image.LpipsWeights!.Select(w => w.Sha256), Is.EqualTo(new[]
            {
                Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dir.Combine("alexnet-owt-7be5be79.safetensors")))),
                Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dir.Combine("alex.safetensors")))),
            }));
            Assert.That(report.Unavailable, Is.Empty);
        });
    }

    [Test]
    public void Missing_lpips_weights_give_a_hint_naming_the_published_files()
    {
        using var dir = new TempDirectory();
        Assert.That(LpipsMetric.TryLoad(LpipsVariant.VggNormalize, dir.Path, out var lpips, out var hint), Is.False);
        Assert.That(lpips, Is.Null);
        Assert.That(hint, Does.Contain("vgg16-397923af.pth").And.Contain("vgg.pth").And.Contain(dir.Path));
    }

    [Test]
    public async Task Sync_scores_the_predicted_frames_against_the_audio()
    {
        var (preds, gts) = Frames(12, 64, 48, seed: 2);
        var audio = Audio((12 * 640) + 50, 16000, seed: 3);
        var weights = new WeightFile { Path = "/w/syncnet_v2.model", Sha256 = "ab", Bytes = 1 };

        var report = await new ClipEvaluator(new ClipMetricsSetup { SyncNet = SyncModel.Value, SyncNetWeights = weights })
            .EvaluateAsync(Input(preds, gts) with { Audio = audio });

        var expected = new SyncNetEvaluator(SyncModel.Value).Evaluate(preds, SyncAudio.ToInt16(audio), 16000, SyncCropMode.Resize224);
        Assert.Multiple(() =>
        {
            Assert.That(report.Sync, Is.Not.Null);
            Assert.That(report.Sync!.SyncD, Is.EqualTo(expected.SyncD));
            Assert.That(report.Sync.SyncC, Is.EqualTo(expected.SyncC));
            Assert.That(report.Sync.Offset, Is.EqualTo(expected.Offset));
            Assert.That(report.Sync.CropMode, Is.EqualTo("resize224"));
            Assert.That(report.Sync.Weights, Is.EqualTo(weights));
            Assert.That(report.Sync.WindowCount, Is.EqualTo(7));
        });
    }

    [TestCase(null, 25.0, "no audio")]
    [TestCase(22050, 25.0, "16 kHz")]
    [TestCase(16000, 30.0, "25 fps")]
    public async Task Sync_that_cannot_run_is_listed_as_unavailable_with_the_reason(int? rate, double fps, string reason)
    {
        var (preds, gts) = Frames(8, 32, 32, seed: 4);
        var input = Input(preds, gts) with { Audio = rate is { } r ? Audio(r, r, seed: 5) : null, Fps = fps };
        var report = await new ClipEvaluator(new ClipMetricsSetup { SyncNet = SyncModel.Value, SyncNetWeights = new WeightFile { Path = "w", Sha256 = "00", Bytes = 1 } })
            .EvaluateAsync(input);
        Assert.That(report.Sync, Is.Null);
        Assert.That(report.Unavailable.Single().Metric, Is.EqualTo("sync"));
        Assert.That(report.Unavailable.Single().Reason, Does.Contain(reason));
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "The fake FeatureExtraction is a POSIX shell script.")]
    public async Task OpenFace_csvs_give_aue_and_lmd()
    {
        using var dir = new TempDirectory();
        var (preds, gts) = Frames(3, 16, 16, seed: 6);
        WriteFolder(dir.Combine("pred_frames"), preds);
        WriteFolder(dir.Combine("gt_frames"), gts);
        var setup = new ClipMetricsSetup { OpenFace = new OpenFaceRunner(FakeOpenFace.Write(dir.Path)) };

        var report = await new ClipEvaluator(setup).EvaluateAsync(Input(preds, gts) with
        {
            PredOpenFaceInput = dir.Combine("pred_frames"),
            GtOpenFaceInput = dir.Combine("gt_frames"),
            WorkDirectory = dir.Combine("openface"),
        });

        Assert.Multiple(() =>
        {
            Assert.That(report.Aue!.Upper.Aggregate.Mean, Is.EqualTo(FakeOpenFace.UpperAue).Within(1e-12));
            Assert.That(report.Aue.Lower.Aggregate.Mean, Is.EqualTo(FakeOpenFace.LowerAue).Within(1e-12));
            Assert.That(report.Aue.Frames, Has.Count.EqualTo(3));
            Assert.That(report.Lmd!.Lmd.Mean, Is.EqualTo(FakeOpenFace.Lmd).Within(1e-9));
            Assert.That(File.Exists(dir.Combine("openface", "pred", "pred_frames.csv")), Is.True);
            Assert.That(report.Unavailable, Is.Empty);
        });
    }

    [Test]
    [Platform(Exclude = "Win", Reason = "The fake FeatureExtraction is a POSIX shell script.")]
    public async Task A_failing_openface_marks_aue_and_lmd_unavailable_and_keeps_the_image_metrics()
    {
        using var dir = new TempDirectory();
        var exe = dir.Combine("FeatureExtraction");
        await File.WriteAllTextAsync(exe, "#!/bin/sh\necho 'no face model' >&2\nexit 3\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var (preds, gts) = Frames(2, 16, 16, seed: 7);
        Directory.CreateDirectory(dir.Combine("in"));

        var report = await new ClipEvaluator(new ClipMetricsSetup { OpenFace = new OpenFaceRunner(exe) })
            .EvaluateAsync(Input(preds, gts) with { PredOpenFaceInput = dir.Combine("in"), GtOpenFaceInput = dir.Combine("in"), WorkDirectory = dir.Combine("w") });

        Assert.Multiple(() =>
        {
            Assert.That(report.Image.Frames, Has.Count.EqualTo(2));
            Assert.That(report.Aue, Is.Null);
            Assert.That(report.Lmd, Is.Null);
            Assert.That(report.Unavailable.Select(u => u.Metric), Is.EquivalentTo(new[] { "aue", "lmd" }));
            Assert.That(report.Unavailable[0].Reason, Does.Contain("exit code 3").And.Contain("no face model"));
        });
    }

    [Test]
    public async Task Report_round_trips_through_json()
    {
        var (preds, gts) = Frames(12, 40, 40, seed: 8);
        var setup = new ClipMetricsSetup
        {
            SyncNet = SyncModel.Value,
            SyncNetWeights = new WeightFile { Path = "/w/s.model", Sha256 = "cd", Bytes = 2 },
            Unavailable = [new UnavailableMetric { Metric = "lpips", Reason = "missing" }],
        };
        var report = await new ClipEvaluator(setup).EvaluateAsync(Input(preds, gts) with { Audio = Audio(12 * 640, 16000, seed: 9) });

        var json = MetricsJson.Serialize(report);
        var back = MetricsJson.DeserializeMetricsReport(json);

        Assert.That(MetricsJson.Serialize(back), Is.EqualTo(json));
        Assert.That(back.Sync!.SyncD, Is.EqualTo(report.Sync!.SyncD));
        Assert.That(back.Unavailable.Single().Reason, Is.EqualTo("missing"));
        Assert.That(json, Does.Not.Contain("\"aue\"").And.Not.Contain("\"lpips\":"));
    }

    private static ClipInput Input(ByteImage[] preds, ByteImage[] gts) => new()
    {
        Names = [.. preds.Select((_, i) => $"{i}.png")],
        LoadPred = i => preds[i],
        LoadGt = i => gts[i],
    };

    private static (ByteImage[] Preds, ByteImage[] Gts) Frames(int count, int width, int height, int seed)
    {
        var rng = new Random(seed);
        var preds = new ByteImage[count];
        var gts = new ByteImage[count];
        for (var i = 0; i < count; i++)
        {
            gts[i] = new ByteImage(width, height, 3);
            rng.NextBytes(gts[i].Pixels);
            preds[i] = new ByteImage(width, height, 3, [.. gts[i].Pixels.Select(p => (byte)Math.Clamp(p + rng.Next(-40, 41), 0, 255))]);
        }

        return (preds, gts);
    }

    private static AudioClip Audio(int samples, int rate, int seed)
    {
        var rng = new Random(seed);
        return new AudioClip(rate, 1, [.. Enumerable.Range(0, samples).Select(_ => (float)((rng.NextDouble() * 1.2) - 0.6))]);
    }

    private static void WriteFolder(string folder, ByteImage[] frames)
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < frames.Length; i++)
        {
            PngFile.Write(Path.Combine(folder, $"{i:D6}.png"), frames[i]);
        }
    }
}
