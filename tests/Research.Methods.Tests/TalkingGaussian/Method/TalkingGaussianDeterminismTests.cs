using NUnit.Framework;
using Research.Methods.TalkingGaussian.Method;
using Research.Testing;

namespace Research.Methods.Tests.TalkingGaussian.Method;

[TestFixture]
public sealed class TalkingGaussianDeterminismTests
{
    // Long enough to pass the static warm-up, densify, switch SH degree and run every loss term of both branches.
    internal static readonly TalkingGaussianOptions Tiny = new()
    {
        MouthIterations = 24,
        FaceIterations = 48,
        FuseIterations = 8,
        MouthInitCount = 300,
        FaceInitCount = 300,
        LogInterval = 0,
    };

    internal static MethodContext Context(int seed = 7) =>
        new(seed, 2, TextWriter.Null, new Progress<MethodProgress>(), CancellationToken.None);

    [Test]
    public void SameSeedGivesIdenticalModelBytes()
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var method = new TalkingGaussianMethod(Tiny);
        method.Train(data, temp.Combine("a"), Context());
        method.Train(data, temp.Combine("b"), Context());
        method.Train(data, temp.Combine("c"), Context(8));
        var a = File.ReadAllBytes(Path.Combine(temp.Combine("a"), TalkingGaussianModel.TensorsFile));
        var b = File.ReadAllBytes(Path.Combine(temp.Combine("b"), TalkingGaussianModel.TensorsFile));
        var c = File.ReadAllBytes(Path.Combine(temp.Combine("c"), TalkingGaussianModel.TensorsFile));
        Assert.Multiple(() =>
        {
            Assert.That(b, Is.EqualTo(a), "same seed");
            Assert.That(c, Is.Not.EqualTo(a), "another seed");
            Assert.That(File.ReadAllText(Path.Combine(temp.Combine("b"), TalkingGaussianModel.InfoFile)), Is.EqualTo(File.ReadAllText(Path.Combine(temp.Combine("a"), TalkingGaussianModel.InfoFile))));
        });
    }

    [Test]
    public void SavedModelRendersLikeTheTrainedOne()
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var method = new TalkingGaussianMethod(Tiny);
        method.Train(data, temp.Path, Context());

        // Load → save → load again must round-trip every byte, and renders from both loads must be identical.
        var loaded = TalkingGaussianModel.Load(temp.Path);
        loaded.Save(temp.Combine("again"));
        Assert.That(
            File.ReadAllBytes(Path.Combine(temp.Combine("again"), TalkingGaussianModel.TensorsFile)),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(temp.Path, TalkingGaussianModel.TensorsFile))));

        var first = new Dictionary<int, float[]>();
        var second = new Dictionary<int, float[]>();
        method.Render(data, temp.Path, data.TestFrames, (i, image) => first[i] = image.Data, Context());
        method.Render(data, temp.Combine("again"), data.TestFrames, (i, image) => second[i] = image.Data, Context());
        Assert.That(first.Keys, Is.EquivalentTo(data.TestFrames));
        foreach (var i in data.TestFrames)
        {
            Assert.That(second[i], Is.EqualTo(first[i]), $"frame {i}");
            Assert.That(first[i], Has.Length.EqualTo(data.Width * data.Height * 3));
            Assert.That(first[i].All(v => v is >= 0f and <= 1f), Is.True);
        }
    }

    [Test]
    public void RenderingWithoutTheHeadLeavesTheTorsoBackground()
    {
        // A model whose Gaussians are all transparent must reproduce the frame's torso-over-plate image exactly.
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        new TalkingGaussianMethod(Tiny).Train(data, temp.Path, Context());
        var model = TalkingGaussianModel.Load(temp.Path);
        Research.Tensors.Autograd.CustomOp.Data(model.Face.RawOpacities).Fill(-100f);
        Research.Tensors.Autograd.CustomOp.Data(model.Mouth!.RawOpacities).Fill(-100f);
        var frames = new SceneFrames(data, 8);
        var index = data.TestFrames[0];
        var image = TalkingGaussianMethod.RenderFrame(model, frames.Get(index, false));
        var expected = SceneFrames.Interleaved(SceneFrames.Planar(data.LoadTorsoBackground(index)), data.Width, data.Height);
        Assert.That(image.Data, Is.EqualTo(expected).Within(1e-6f));
    }

    [TestCase(TalkingGaussianVariant.UniformSampling)]
    [TestCase(TalkingGaussianVariant.NoRegionAttention)]
    public void AblationVariantsTrainAndRender(TalkingGaussianVariant variant)
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var method = new TalkingGaussianMethod(Tiny with { Variant = variant });
        method.Train(data, temp.Path, Context());
        var model = TalkingGaussianModel.Load(temp.Path);
        Assert.That(model.FaceMotion.AudioAttention is null, Is.EqualTo(variant == TalkingGaussianVariant.NoRegionAttention));
        var rendered = 0;
        method.Render(data, temp.Path, data.TestFrames, (_, image) => rendered += image.Data.All(float.IsFinite) ? 1 : 0, Context());
        Assert.That(rendered, Is.EqualTo(data.TestFrames.Count));
    }

    [Test]
    public void MethodIsRegistered()
    {
        Assert.That(MethodRegistry.Default.TryGet(TalkingGaussianMethod.Name, out var spec), Is.True);
        Assert.That(spec.OptionsType, Is.EqualTo(typeof(TalkingGaussianOptions)));
    }

    [Test]
    public void FrameCamerasComeFromTheTransformsFiles()
    {
        var data = SyntheticScene.Open();
        var train = data.Layout.Train!;
        var val = data.Layout.Val!;
        var first = data.Camera(0);
        var last = data.Camera(data.FrameCount - 1);
        Assert.Multiple(() =>
        {
            Assert.That(first.FocalLength, Is.EqualTo(train.FocalLength));
            Assert.That(first.CameraToWorld, Is.EqualTo(train.Frames[0].TransformMatrix));
            Assert.That(last.CameraToWorld, Is.EqualTo(val.Frames[^1].TransformMatrix));
            Assert.That(data.ActionUnits!.RowCount, Is.GreaterThanOrEqualTo(data.FrameCount));
            Assert.That(data.LoadTorsoBackground(0).Channels, Is.EqualTo(3));
        });

        // The rasterizer camera of frame 0 projects the world origin (head centre) near the image centre.
        var camera = new SceneFrames(data, 8).Camera(0);
        var (u, v, depth) = camera.ProjectToPixel(0, 0, 0);
        Assert.That(depth, Is.GreaterThan(0.2));
        Assert.That(u, Is.InRange(0, data.Width));
        Assert.That(v, Is.InRange(0, data.Height));
    }
}
