using NUnit.Framework;
using Research.Methods.TalkingGaussian.Networks;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class MouthMotionNetworkTests
{
    [Test]
    public void OutputShapeAndNames()
    {
        var rng = new Rng(1);
        var net = new MouthMotionNetwork<float>(new MotionNetworkOptions(), rng);
        Assert.That(net.Forward(Tiny.Positions<float>(rng, 9), Tiny.Audio<float>(rng, 29)).Shape, Is.EqualTo(new[] { 9, 3 }));
        var names = net.NamedParameters().Select(p => p.Name).Where(n => !n.StartsWith("audio_", StringComparison.Ordinal));
        Assert.That(names, Is.EqualTo(new[]
        {
            "encoder_xy.embeddings", "encoder_yz.embeddings", "encoder_xz.embeddings",
            "sigma_net.net.0.weight", "sigma_net.net.1.weight", "sigma_net.net.2.weight",
            "aud_ch_att_net.net.0.weight", "aud_ch_att_net.net.1.weight",
        }));
        Assert.That(net.Decoder.InputWidth, Is.EqualTo(68));
        Assert.That(net.PositionEncoder.Xy.Embeddings.Shape, Is.EqualTo(new[] { 46600, 1 }), "notes §2.3 params/plane");
        Assert.That(net.Parameters(), Does.Contain(net.UnusedAudioAttention.Layers[0].Weight));
    }

    [Test]
    public void LateralAxesAreScaledByOneFifth()
    {
        // Make the decoder's three output rows identical, so the raw outputs are equal per Gaussian; then
        // Δx = Δz = Δy / 5 and Δy = raw · 0.01.
        var rng = new Rng(2);
        var net = new MouthMotionNetwork<double>(Tiny.Options(), rng);
        var last = CustomOp.Data(net.Decoder.Layers[2].Weight);
        for (var k = 0; k < 32; k++)
        {
            last[k] = last[32 + k];
            last[64 + k] = last[32 + k];
        }

        var x = Tiny.Positions<double>(rng, 7);
        var encA = net.EncodeAudio(Tiny.Audio<double>(rng, 3));
        var d = net.ForwardEncoded(x, encA).ToArray();
        var h = Tensor.Concat([net.PositionEncoder.Forward(x), encA.Expand(7, 32)], 1);
        var raw = net.Decoder.Forward(h).ToArray();
        for (var i = 0; i < 7; i++)
        {
            Assert.That(d[(3 * i) + 1], Is.EqualTo(raw[(3 * i) + 1] * 0.01));
            Assert.That(d[3 * i], Is.EqualTo(raw[(3 * i) + 1] * 0.01 / 5));
            Assert.That(d[(3 * i) + 2], Is.EqualTo(raw[(3 * i) + 1] * 0.01 / 5));
            Assert.That(d[(3 * i) + 1], Is.Not.Zero);
        }
    }

    [Test]
    public void UnusedAttentionGetsNoGradient()
    {
        var rng = new Rng(3);
        var net = new MouthMotionNetwork<double>(Tiny.Options(), rng);
        net.Forward(Tiny.Positions<double>(rng, 3), Tiny.Audio<double>(rng, 3)).Sum().Backward();
        Assert.That(net.UnusedAudioAttention.Parameters().All(p => p.Grad is null || p.Grad.ToArray().All(v => v == 0)), Is.True);
        Assert.That(net.Decoder.Layers[0].Weight.Grad, Is.Not.Null);
    }

    [Test]
    public void GradCheckInputsAndParameters()
    {
        var rng = new Rng(4);
        var net = new MouthMotionNetwork<double>(Tiny.Options(), rng);
        Tiny.LargeEmbeddings(net.PositionEncoder, rng);
        var x = Tiny.Positions<double>(rng, 4);
        var a = Tiny.Audio<double>(rng, 3);
        var used = net.NamedParameters().Where(p => !p.Name.StartsWith("aud_ch_att_net", StringComparison.Ordinal)).Select(p => p.Tensor);
        FiniteDifference.Check(() => net.Forward(x, a), 24, [x, a, .. used]);
    }

    [Test]
    public void SameSeedIsBitIdentical()
    {
        float[] Run(ulong seed)
        {
            var net = new MouthMotionNetwork<float>(new MotionNetworkOptions(), seed);
            var rng = new Rng(100);
            return net.Forward(Tiny.Positions<float>(rng, 50), Tiny.Audio<float>(rng, 29)).ToArray();
        }

        var first = Run(42);
        Assert.That(Run(42), Is.EqualTo(first));
        Assert.That(Run(43), Is.Not.EqualTo(first));
    }
}
