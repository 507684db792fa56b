using System.Text.Json.Nodes;
using NUnit.Framework;
using Research.Methods.TalkingGaussian.Method;
using Research.Methods.TalkingGaussian.Networks;
using Research.Pipeline.Configuration;
using Research.Splatting.Gaussians;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;
using Research.Tensors.Serialization;
using Research.Testing;

namespace Research.Methods.Tests.TalkingGaussian.Method;

/// <summary>End-to-end tests of the <c>no-decomposition</c> and <c>hash-grid</c> ablations on the tiny synthetic clip.</summary>
[TestFixture]
public sealed class TalkingGaussianAblationTests
{
    private static TalkingGaussianOptions Tiny(TalkingGaussianVariant variant) => TalkingGaussianDeterminismTests.Tiny with { Variant = variant };

    private static string[] TensorNames(string directory) =>
        [.. SafetensorsFile.Read(Path.Combine(directory, TalkingGaussianModel.TensorsFile)).Names];

    private static JsonNode Info(string directory) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(directory, TalkingGaussianModel.InfoFile)))!;

    private static void AssertRoundTripAndRender(TalkingGaussianMethod method, Research.Datasets.Prepared.PreparedDataset data, TempDirectory temp)
    {
        var loaded = TalkingGaussianModel.Load(temp.Path);
        loaded.Save(temp.Combine("again"));
        Assert.That(
            File.ReadAllBytes(Path.Combine(temp.Combine("again"), TalkingGaussianModel.TensorsFile)),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(temp.Path, TalkingGaussianModel.TensorsFile))),
            "load → save round-trips every byte");
        Assert.That(File.ReadAllText(Path.Combine(temp.Combine("again"), TalkingGaussianModel.InfoFile)), Is.EqualTo(File.ReadAllText(Path.Combine(temp.Path, TalkingGaussianModel.InfoFile))));

        var images = new Dictionary<int, float[]>();
        method.Render(data, temp.Path, data.TestFrames, (i, image) => images[i] = image.Data, TalkingGaussianDeterminismTests.Context());
        Assert.That(images.Keys, Is.EquivalentTo(data.TestFrames));
        foreach (var image in images.Values)
        {
            Assert.That(image, Has.Length.EqualTo(data.Width * data.Height * 3));
            Assert.That(image.All(v => v is >= 0f and <= 1f), Is.True);
        }
    }

    [Test]
    public void EveryVariantIsAccepted()
    {
        foreach (var variant in Enum.GetValues<TalkingGaussianVariant>())
        {
            var options = new TalkingGaussianOptions { Variant = variant };
            Assert.That(options.Validate(), Is.Empty, variant.ToString());
            Assert.DoesNotThrow(() => _ = new TalkingGaussianMethod(options), variant.ToString());
        }
    }

    [TestCase("no-decomposition", TalkingGaussianVariant.NoDecomposition)]
    [TestCase("hash-grid", TalkingGaussianVariant.HashGrid)]
    public void VariantBindsFromYaml(string name, TalkingGaussianVariant expected)
    {
        var options = ConfigBinder.Bind<TalkingGaussianOptions>(YamlConfigReader.Parse($"variant: {name}\n", "exp.yaml"));
        Assert.That(options.Variant, Is.EqualTo(expected));
        Assert.That(ConfigBinder.EnumName(expected), Is.EqualTo(name));
    }

    [Test]
    public void NoDecompositionTrainsOneBranchSavesLoadsAndRenders()
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var method = new TalkingGaussianMethod(Tiny(TalkingGaussianVariant.NoDecomposition));
        method.Train(data, temp.Path, TalkingGaussianDeterminismTests.Context());

        var names = TensorNames(temp.Path);
        var info = Info(temp.Path);
        Assert.Multiple(() =>
        {
            Assert.That(names, Has.None.StartsWith("mouth"), "no mouth tensors");
            Assert.That(names, Has.Some.StartsWith("face."));
            Assert.That(names, Has.Member("face_motion.encoder_xy.embeddings"));
            Assert.That(info["mouth_branch"]!.GetValue<bool>(), Is.False);
            Assert.That(info["mouth_count"]!.GetValue<int>(), Is.Zero);
            Assert.That(info["encoder"]!.GetValue<string>(), Is.EqualTo("tri-plane"));
        });

        var model = TalkingGaussianModel.Load(temp.Path);
        Assert.That(model.Mouth, Is.Null);
        Assert.That(model.MouthMotion, Is.Null);
        Assert.That(model.Face.Count, Is.GreaterThan(0));
        AssertRoundTripAndRender(method, data, temp);

        // Rendering composes the face straight over the torso/background: a transparent face leaves it unchanged.
        CustomOp.Data(model.Face.RawOpacities).Fill(-100f);
        var frames = new SceneFrames(data, 8);
        var index = data.TestFrames[0];
        var image = TalkingGaussianMethod.RenderFrame(model, frames.Get(index, false));
        var expected = SceneFrames.Interleaved(SceneFrames.Planar(data.LoadTorsoBackground(index)), data.Width, data.Height);
        Assert.That(image.Data, Is.EqualTo(expected).Within(1e-6f));
    }

    [Test]
    public void HashGridTrainsBothBranchesWithOneGridEachAndIsDeterministic()
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var method = new TalkingGaussianMethod(Tiny(TalkingGaussianVariant.HashGrid));
        method.Train(data, temp.Path, TalkingGaussianDeterminismTests.Context());

        var names = TensorNames(temp.Path);
        Assert.Multiple(() =>
        {
            Assert.That(names, Has.Member("face_motion.encoder_xyz.embeddings"));
            Assert.That(names, Has.Member("mouth_motion.encoder_xyz.embeddings"));
            Assert.That(names.Where(n => n.Contains("_motion.encoder_", StringComparison.Ordinal)), Has.All.EndsWith(".encoder_xyz.embeddings"), "no planes");
            Assert.That(names, Has.Some.StartsWith("mouth."));
            Assert.That(Info(temp.Path)["encoder"]!.GetValue<string>(), Is.EqualTo("hash-grid"));
            Assert.That(Info(temp.Path)["mouth_branch"]!.GetValue<bool>(), Is.True);
        });

        var model = TalkingGaussianModel.Load(temp.Path);
        Assert.That(model.FaceMotion.HashEncoder, Is.Not.Null);
        Assert.That(model.MouthMotion!.HashEncoder, Is.Not.Null);

        // The grid was optimised: it differs from the trainer's initial draw (face network seeded seed ^ 0x22).
        var initial = new FaceMotionNetwork<float>(MotionNetworkOptions.ForVariant(MotionNetworkOptions.HashGridVariant, data.AudioFeatures.Columns), new Rng(7UL ^ 0x22));
        Assert.That(model.FaceMotion.HashEncoder!.Embeddings.ToArray(), Is.Not.EqualTo(initial.HashEncoder!.Embeddings.ToArray()));
        AssertRoundTripAndRender(method, data, temp);

        // Same seed → identical bytes.
        method.Train(data, temp.Combine("b"), TalkingGaussianDeterminismTests.Context());
        Assert.That(
            File.ReadAllBytes(Path.Combine(temp.Combine("b"), TalkingGaussianModel.TensorsFile)),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(temp.Path, TalkingGaussianModel.TensorsFile))));
    }

    [Test]
    public void HashGridTableIsInTheGridsOptimizerGroup()
    {
        // Optimizers.Motion groups by the name prefix "encoder_": the hash grid gets the planes' lr 5e-3 and decay 0.01.
        var options = MotionNetworkOptions.ForVariant(MotionNetworkOptions.HashGridVariant, 3);
        Research.Tensors.Nn.Module<float>[] networks = [new FaceMotionNetwork<float>(options, 1UL), new MouthMotionNetwork<float>(options, 2UL)];
        foreach (var network in networks)
        {
            var grids = Optimizers.Motion(network).Groups.Single(g => g.Name == "grids");
            var table = network.NamedParameters().Single(p => p.Name == "encoder_xyz.embeddings").Tensor;
            Assert.That(grids.Parameters, Is.EqualTo(new[] { table }));
            Assert.That(grids.Lr, Is.EqualTo(5e-3));
            Assert.That(grids.WeightDecay, Is.EqualTo(0.01));
        }
    }

    [Test]
    public void ModelFilesWithoutTheNewFieldsLoadAsTriPlaneWithMouth()
    {
        // model.json written before `encoder` and `mouth_branch` existed.
        using var temp = new TempDirectory();
        var options = new MotionNetworkOptions { AudioInputChannels = 3 };
        var model = new TalkingGaussianModel(
            GaussianModel.RandomInBox(20, new Rng(1), 2), new FaceMotionNetwork<float>(options, 2UL),
            GaussianModel.RandomInBox(10, new Rng(3), 2), new MouthMotionNetwork<float>(options, 4UL));
        model.Save(temp.Path);
        var info = Info(temp.Path).AsObject();
        info.Remove("encoder");
        info.Remove("mouth_branch");
        File.WriteAllText(Path.Combine(temp.Path, TalkingGaussianModel.InfoFile), info.ToJsonString());
        var loaded = TalkingGaussianModel.Load(temp.Path);
        Assert.That(loaded.Mouth!.Count, Is.EqualTo(10));
        Assert.That(loaded.FaceMotion.HashEncoder, Is.Null);
        Assert.That(loaded.FaceMotion.PositionEncoder.Xy.Embeddings.ToArray(), Is.EqualTo(model.FaceMotion.PositionEncoder.Xy.Embeddings.ToArray()));
        Assert.Throws<ArgumentException>(() => _ = new TalkingGaussianModel(model.Face, model.FaceMotion, model.Mouth, null));
    }
}
