using NUnit.Framework;
using Research.Datasets.AudioFeatures;
using Research.Datasets.Prepared;
using Research.Methods.TalkingGaussian.Compositing;
using Research.Methods.TalkingGaussian.Method;
using Research.Splatting.Gaussians;
using Research.Testing;

namespace Research.Methods.Tests.TalkingGaussian.Method;

/// <summary>Novel-audio driving, PLY exports and the dilate option of a trained model (trained once for the fixture).</summary>
[TestFixture]
public sealed class TalkingGaussianSynthesisTests
{
    private PreparedDataset data = null!;
    private TempDirectory temp = null!;
    private TalkingGaussianMethod method = null!;

    private static MethodContext Context => TalkingGaussianDeterminismTests.Context();

    [OneTimeSetUp]
    public void Train()
    {
        data = SyntheticScene.Open();
        temp = new TempDirectory();
        method = new TalkingGaussianMethod(TalkingGaussianDeterminismTests.Tiny);
        method.Train(data, temp.Path, Context);
    }

    [OneTimeTearDown]
    public void Clean() => temp.Dispose();

    [Test]
    public void DrivingWithTheDatasetsOwnAudioAndPosesReproducesTheHeldOutRenders()
    {
        var own = new FeatureWindows(data.AudioFeatures.Frames, data.AudioFeatures.Steps, data.AudioFeatures.Columns, (float[])data.AudioFeatures.Data.Clone());
        var drive = new AudioDrive(own, [.. Enumerable.Range(0, data.FrameCount)]);
        var driven = new Dictionary<int, float[]>();
        var held = new Dictionary<int, float[]>();

        method.RenderWithAudio(data, temp.Path, drive, (k, image) => driven[k] = image.Data, Context);
        method.Render(data, temp.Path, data.TestFrames, (i, image) => held[i] = image.Data, Context);

        Assert.That(driven.Keys, Is.EqualTo(Enumerable.Range(0, data.FrameCount)));
        foreach (var i in data.TestFrames)
        {
            Assert.That(driven[i], Is.EqualTo(held[i]), $"frame {i}");
        }
    }

    [Test]
    public void NovelAudioReplaysTheTestPosesInOrderAndTheAudioChangesTheMouth()
    {
        // 12 frames of new audio over the 5 held-out poses: poses 45..49, 45..49, 45, 46.
        var novel = new float[12 * data.AudioFeatures.Steps * data.AudioFeatures.Columns];
        var rng = new Random(4);
        for (var i = 0; i < novel.Length; i++)
        {
            novel[i] = (float)((rng.NextDouble() * 6) - 3);
        }

        var features = new FeatureWindows(12, data.AudioFeatures.Steps, data.AudioFeatures.Columns, novel);
        var drive = AudioDrive.Replay(features, data.TestFrames);
        var images = new Dictionary<int, float[]>();
        method.RenderWithAudio(data, temp.Path, drive, (k, image) => images[k] = image.Data, Context);
        var own = new Dictionary<int, float[]>();
        method.Render(data, temp.Path, data.TestFrames, (i, image) => own[i] = image.Data, Context);

        Assert.Multiple(() =>
        {
            Assert.That(drive.SourceFrames, Is.EqualTo(new[] { 45, 46, 47, 48, 49, 45, 46, 47, 48, 49, 45, 46 }));
            Assert.That(images.Keys, Is.EqualTo(Enumerable.Range(0, 12)));
            Assert.That(images[0], Is.Not.EqualTo(own[45]), "another audio window deforms the head differently");
            Assert.That(images.Values.All(d => d.All(v => v is >= 0f and <= 1f)), Is.True);
        });
    }

    [Test]
    public void FeaturesWithAnotherChannelCountAreRejectedWithAMessage()
    {
        var features = new FeatureWindows(3, data.AudioFeatures.Steps, 7, new float[3 * data.AudioFeatures.Steps * 7]);

        var e = Assert.Throws<InvalidOperationException>(() => method.RenderWithAudio(data, temp.Path, AudioDrive.Replay(features, data.TrainFrames), (_, _) => { }, Context));

        Assert.That(e!.Message, Does.Contain("[3, 16, 7]").And.Contain("trained on [frames, 16, 29]"));
    }

    [Test]
    public void ReplayNeedsPosesAndADriveOneSourcePerFrame()
    {
        var features = new FeatureWindows(2, 16, 29, new float[2 * 16 * 29]);
        Assert.Throws<ArgumentException>(() => AudioDrive.Replay(features, []));
        Assert.Throws<ArgumentException>(() => _ = new AudioDrive(features, [1, 2, 3]));
    }

    [Test]
    public void TrainingExportsBothBranchesAsStandardPlys()
    {
        var model = TalkingGaussianModel.Load(temp.Path);
        var face = GaussianModel.LoadPly(Path.Combine(temp.Path, "face.ply"), ScaleActivation.Softplus);
        var mouth = GaussianModel.LoadPly(Path.Combine(temp.Path, "mouth.ply"), ScaleActivation.Softplus);
        using var exported = new TempDirectory();
        var paths = method.ExportPly(temp.Path, exported.Path);

        Assert.Multiple(() =>
        {
            Assert.That(face.Count, Is.EqualTo(model.Face.Count));
            Assert.That(mouth.Count, Is.EqualTo(model.Mouth!.Count));
            Assert.That(face.Means.ToArray(), Is.EqualTo(model.Face.Means.ToArray()), "canonical (undeformed) positions");
            Assert.That(face.RawScales.ToArray(), Is.EqualTo(model.Face.RawScales.ToArray()).Within(1e-4f), "softplus scales survive the log-scale file convention");
            Assert.That(paths.Select(Path.GetFileName), Is.EqualTo(new[] { "face.ply", "mouth.ply" }));
            Assert.That(File.ReadAllBytes(paths[0]), Is.EqualTo(File.ReadAllBytes(Path.Combine(temp.Path, "face.ply"))));
        });
    }

    [Test]
    public void AModelWithoutAMouthBranchExportsOnlyTheFaceAndAMouthBranchRoundTrips()
    {
        var model = TalkingGaussianModel.Load(temp.Path);
        using var exported = new TempDirectory();

        var paths = TalkingGaussianPlyExport.Write(exported.Path, model.Face, null);

        Assert.That(paths.Select(Path.GetFileName), Is.EqualTo(new[] { "face.ply" }));
        Assert.That(File.Exists(exported.Combine("mouth.ply")), Is.False);

        // A non-empty mouth branch (the tiny run may prune all of its own) round-trips with its count.
        var mouth = GaussianModel.FromPlyData(model.Face.ToPlyData(), ScaleActivation.Softplus);
        TalkingGaussianPlyExport.Write(exported.Path, model.Face, mouth);
        Assert.That(GaussianModel.LoadPly(exported.Combine("mouth.ply"), ScaleActivation.Softplus).Count, Is.EqualTo(model.Face.Count));
    }

    [Test]
    public void DilateOptionChangesExactlyThePixelsWhoseMouthAlphaGrows()
    {
        // The tiny run may prune every mouth Gaussian, so the mouth branch here is a copy of the face Gaussians.
        var trained = TalkingGaussianModel.Load(temp.Path);
        Assume.That(trained.Face.Count, Is.GreaterThan(0));
        var model = new TalkingGaussianModel(trained.Face, trained.FaceMotion, GaussianModel.FromPlyData(trained.Face.ToPlyData(), ScaleActivation.Softplus), trained.MouthMotion);
        using var folder = new TempDirectory();
        model.Save(folder.Path);
        var dilating = new TalkingGaussianMethod(TalkingGaussianDeterminismTests.Tiny with { DilateMouthAlpha = true });
        var frames = new SceneFrames(data, 8);
        var (w, h) = (data.Width, data.Height);
        var grown = 0;
        foreach (var i in data.TestFrames)
        {
            float[] plain = [], dilated = [];
            method.Render(data, folder.Path, [i], (_, image) => plain = image.Data, Context);
            dilating.Render(data, folder.Path, [i], (_, image) => dilated = image.Data, Context);

            // The mouth alpha of this frame, as the composite sees it, and its 13×13 dilation.
            var frame = frames.Get(i, false);
            var g = FrozenGeometry.Compute(model, frame);
            var alpha = TalkingGaussianTrainer.Render(frame.Camera, model.Mouth!, g.MouthMeans!, model.Mouth!.GetScaling().Detach(), model.Mouth!.GetRotation().Detach(), TalkingGaussianTrainer.Colour((0, 0, 0))).Alpha;
            var a = alpha.ToArray();
            var d = FusionCompositor.DilateAlpha(alpha).ToArray();
            for (var p = 0; p < w * h; p++)
            {
                if (a[p] == d[p])
                {
                    Assert.That(new[] { dilated[3 * p], dilated[(3 * p) + 1], dilated[(3 * p) + 2] }, Is.EqualTo(new[] { plain[3 * p], plain[(3 * p) + 1], plain[(3 * p) + 2] }), $"frame {i}, pixel {p}: α_m unchanged by the dilation");
                }
                else
                {
                    grown++;
                }
            }

            Assert.That(a.Any(v => v > 0), Is.True, $"frame {i}: the mouth branch renders something");
        }

        Assert.That(grown, Is.GreaterThan(0), "the dilation grows the mouth alpha somewhere");
    }
}
