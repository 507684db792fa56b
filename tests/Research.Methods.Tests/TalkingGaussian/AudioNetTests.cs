using NUnit.Framework;
using Research.Methods.TalkingGaussian.Networks;
using Research.Tensors;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class AudioNetTests
{
    [TestCase(29, 16)]
    [TestCase(44, 16)]
    [TestCase(1024, 2)]
    [TestCase(5, 20)]
    [TestCase(5, 1)]
    public void OutputShape(int channels, int width)
    {
        var rng = new Rng(1);
        var net = new AudioNet<float>(channels, rng);
        var y = net.Forward(Tiny.Audio<float>(rng, channels, width));
        Assert.That(y.Shape, Is.EqualTo(new[] { 8, 32 }));
    }

    [Test]
    public void ParameterNamesMatchOfficialStateDict()
    {
        var names = new AudioNet<float>(29, new Rng(1)).NamedParameters().Select(p => p.Name).ToArray();
        Assert.That(names, Is.EqualTo(new[]
        {
            "encoder_conv.0.weight", "encoder_conv.0.bias", "encoder_conv.2.weight", "encoder_conv.2.bias",
            "encoder_conv.4.weight", "encoder_conv.4.bias", "encoder_conv.6.weight", "encoder_conv.6.bias",
            "encoder_fc1.0.weight", "encoder_fc1.0.bias", "encoder_fc1.2.weight", "encoder_fc1.2.bias",
        }));
    }

    [Test]
    public void OnlyFirstSixteenStepsMatter()
    {
        var rng = new Rng(2);
        var net = new AudioNet<double>(3, rng);
        var a = Tiny.Audio<double>(rng, 3, 20);
        var b = Tensor.Concat([a.Narrow(2, 0, 16), Tensor.Uniform(rng, -5.0, 5.0, 8, 3, 4)], 2);
        Assert.That(net.Forward(b).ToArray(), Is.EqualTo(net.Forward(a).ToArray()));
    }

    [Test]
    public void WrongChannelsThrow()
    {
        var net = new AudioNet<float>(29, new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() => net.Forward(Tensor.Zeros<float>(8, 28, 16)));
        Assert.That(ex!.Message, Does.Contain("AudioNet").And.Contain("[8, 28, 16]"));
    }

    [Test]
    public void GradCheckInputAndParameters()
    {
        var rng = new Rng(3);
        var net = new AudioNet<double>(3, rng);
        var a = Tiny.Audio<double>(rng, 3);
        FiniteDifference.Check(() => net.Forward(a), 40, [a, .. net.Parameters()]);
    }
}
