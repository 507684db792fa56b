using NUnit.Framework;
using Research.Methods.TalkingGaussian.Networks;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class AudioAttNetTests
{
    [Test]
    public void OutputShapeAndNames()
    {
        var rng = new Rng(1);
        var net = new AudioAttNet<float>(rng);
        Assert.That(net.Forward(Tensor.Uniform(rng, -1f, 1f, 8, 32)).Shape, Is.EqualTo(new[] { 1, 32 }));
        Assert.That(net.NamedParameters().Select(p => p.Name), Is.EqualTo(new[]
        {
            "attentionConvNet.0.weight", "attentionConvNet.0.bias", "attentionConvNet.2.weight", "attentionConvNet.2.bias",
            "attentionConvNet.4.weight", "attentionConvNet.4.bias", "attentionConvNet.6.weight", "attentionConvNet.6.bias",
            "attentionConvNet.8.weight", "attentionConvNet.8.bias", "attentionNet.0.weight", "attentionNet.0.bias",
        }));
    }

    [Test]
    public void WeightsSumToOne()
    {
        var rng = new Rng(2);
        var net = new AudioAttNet<double>(rng);
        var w = net.Weights(Tensor.Uniform(rng, -3.0, 3.0, 8, 32)).ToArray();
        Assert.That(w, Has.Length.EqualTo(8));
        Assert.That(w.Sum(), Is.EqualTo(1.0).Within(1e-12));
        Assert.That(w, Has.All.Positive);
    }

    [Test]
    public void ZeroLinearGivesEqualWeightsAndTheMean()
    {
        var rng = new Rng(3);
        var net = new AudioAttNet<double>(rng);
        CustomOp.Data(net.Linear.Weight).Clear();
        CustomOp.Data(net.Linear.Bias!).Clear();
        var x = Tensor.Uniform(rng, -3.0, 3.0, 8, 32);
        Assert.That(net.Weights(x).ToArray(), Has.All.EqualTo(0.125));
        var expected = x.Mean(0, keepDim: true).ToArray();
        Assert.That(net.Forward(x).ToArray(), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void WrongShapeThrows()
    {
        var net = new AudioAttNet<float>(new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() => net.Forward(Tensor.Zeros<float>(7, 32)));
        Assert.That(ex!.Message, Does.Contain("AudioAttNet").And.Contain("[7, 32]"));
    }

    [Test]
    public void GradCheckInputAndParameters()
    {
        var rng = new Rng(4);
        var net = new AudioAttNet<double>(rng);
        var x = Tensor.Uniform(rng, -2.0, 2.0, 8, 32);
        FiniteDifference.Check(() => net.Forward(x), 40, [x, .. net.Parameters()]);
    }
}
