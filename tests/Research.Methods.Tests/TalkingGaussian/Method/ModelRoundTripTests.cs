using NUnit.Framework;
using Research.Methods.TalkingGaussian.Method;
using Research.Methods.TalkingGaussian.Networks;
using Research.Splatting.Gaussians;
using Research.Tensors.Randomness;
using Research.Testing;

namespace Research.Methods.Tests.TalkingGaussian.Method;

[TestFixture]
public sealed class ModelRoundTripTests
{
    [Test]
    public void SaveAndLoadKeepTheActiveShDegreeOfEachBranch()
    {
        var options = new MotionNetworkOptions { AudioInputChannels = 3 };
        var face = GaussianModel.RandomInBox(20, new Rng(1), 2);
        var mouth = GaussianModel.RandomInBox(10, new Rng(2), 2);
        face.OneUpShDegree();
        var model = new TalkingGaussianModel(face, new FaceMotionNetwork<float>(options, new Rng(3)), mouth, new MouthMotionNetwork<float>(options, new Rng(4)));
        using var temp = new TempDirectory();
        model.Save(temp.Path);

        var loaded = TalkingGaussianModel.Load(temp.Path);

        Assert.Multiple(() =>
        {
            Assert.That(loaded.Face.ActiveShDegree, Is.EqualTo(1));
            Assert.That(loaded.Mouth!.ActiveShDegree, Is.EqualTo(0));
            Assert.That(loaded.Face.MaxShDegree, Is.EqualTo(2));
            Assert.That(loaded.Face.Means.ToArray(), Is.EqualTo(face.Means.ToArray()));
        });
    }
}
