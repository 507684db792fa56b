using NUnit.Framework;
using Research.Methods.TalkingGaussian.Networks;
using Research.Tensors;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class FaceMotionNetworkTests
{
    private static Tensor<double> All(FaceMotion<double> m) =>
        Tensor.Concat([m.DeltaPosition, m.DeltaRotation, m.DeltaOpacity, m.DeltaScale, .. m.AudioAttentionNorm is null ? Array.Empty<Tensor<double>>() : [m.AudioAttentionNorm, m.ExpressionAttentionNorm!]], 1);

    [Test]
    public void OutputShapesWithPaperConfiguration()
    {
        var rng = new Rng(1);
        var net = new FaceMotionNetwork<float>(new MotionNetworkOptions(), 5UL);
        var m = net.Forward(Tiny.Positions<float>(rng, 17), Tiny.Audio<float>(rng, 29), Tiny.Expression<float>(rng));
        Assert.Multiple(() =>
        {
            Assert.That(m.DeltaPosition.Shape, Is.EqualTo(new[] { 17, 3 }));
            Assert.That(m.DeltaRotation.Shape, Is.EqualTo(new[] { 17, 4 }));
            Assert.That(m.DeltaOpacity.Shape, Is.EqualTo(new[] { 17, 1 }));
            Assert.That(m.DeltaScale.Shape, Is.EqualTo(new[] { 17, 3 }));
            Assert.That(m.AudioAttentionNorm!.Shape, Is.EqualTo(new[] { 17, 1 }));
            Assert.That(m.ExpressionAttentionNorm!.Shape, Is.EqualTo(new[] { 17, 1 }));
            Assert.That(net.DecoderInputWidth, Is.EqualTo(74));
            Assert.That(net.EncodeAudio(Tiny.Audio<float>(rng, 29)).Shape, Is.EqualTo(new[] { 1, 32 }));
        });
    }

    [Test]
    public void HubertInput()
    {
        var rng = new Rng(2);
        var net = new FaceMotionNetwork<float>(new MotionNetworkOptions { AudioInputChannels = 1024 }, rng);
        var m = net.Forward(Tiny.Positions<float>(rng, 3), Tiny.Audio<float>(rng, 1024, 2), Tiny.Expression<float>(rng).Reshape(1, 6));
        Assert.That(m.DeltaScale.Shape, Is.EqualTo(new[] { 3, 3 }));
    }

    [Test]
    public void ParameterNamesMatchOfficialStateDict()
    {
        var net = new FaceMotionNetwork<float>(new MotionNetworkOptions(), 1UL);
        var names = net.NamedParameters().Select(p => p.Name).Where(n => !n.StartsWith("audio_", StringComparison.Ordinal)).ToArray();
        Assert.That(names, Is.EqualTo(new[]
        {
            "encoder_xy.embeddings", "encoder_yz.embeddings", "encoder_xz.embeddings",
            "exp_encode_net.net.0.weight", "exp_encode_net.net.1.weight",
            "eye_att_net.net.0.weight", "eye_att_net.net.1.weight",
            "sigma_net.net.0.weight", "sigma_net.net.1.weight", "sigma_net.net.2.weight",
            "aud_ch_att_net.net.0.weight", "aud_ch_att_net.net.1.weight",
        }));
        var shapes = net.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor.Shape.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(shapes["sigma_net.net.0.weight"], Is.EqualTo(new[] { 64, 74 }));
            Assert.That(shapes["sigma_net.net.2.weight"], Is.EqualTo(new[] { 11, 64 }));
            Assert.That(shapes["aud_ch_att_net.net.0.weight"], Is.EqualTo(new[] { 32, 36 }));
            Assert.That(shapes["eye_att_net.net.1.weight"], Is.EqualTo(new[] { 6, 16 }));
            Assert.That(shapes["exp_encode_net.net.0.weight"], Is.EqualTo(new[] { 16, 5 }));
            Assert.That(shapes["audio_net.encoder_conv.0.weight"], Is.EqualTo(new[] { 32, 29, 3 }));
            Assert.That(shapes["encoder_xz.embeddings"], Is.EqualTo(new[] { 9464, 1 }), "notes §2.3 params/plane");
        });
    }

    [Test]
    public void BlinkReachesTheDecoder()
    {
        // AU45 bypasses the AU encoder (e'[5] = e[5]) but still reaches the decoder through e_att[:, 5].
        var rng = new Rng(3);
        var net = new FaceMotionNetwork<double>(Tiny.Options(), rng);
        Tiny.LargeEmbeddings(net.PositionEncoder, rng);
        var x = Tiny.Positions<double>(rng, 16);
        var encA = net.EncodeAudio(Tiny.Audio<double>(rng, 3));
        var e = Tiny.Expression<double>(rng);
        var e2 = Tensor.FromArray([.. e.ToArray().Take(5), e.ToArray()[5] + 1.0], 6);
        var a = net.ForwardEncoded(x, encA, e).DeltaScale.ToArray();
        var b = net.ForwardEncoded(x, encA, e2).DeltaScale.ToArray();
        Assert.That(b, Is.Not.EqualTo(a));
    }

    [Test]
    public void NoRegionAttentionVariant()
    {
        var rng = new Rng(4);
        var options = MotionNetworkOptions.ForVariant(MotionNetworkOptions.NoRegionAttentionVariant);
        var net = new FaceMotionNetwork<float>(options, rng);
        var m = net.Forward(Tiny.Positions<float>(rng, 5), Tiny.Audio<float>(rng, 29), Tiny.Expression<float>(rng));
        Assert.Multiple(() =>
        {
            Assert.That(options.RegionAttention, Is.False);
            Assert.That(net.DecoderInputWidth, Is.EqualTo(74));
            Assert.That(net.AudioAttention, Is.Null);
            Assert.That(net.ExpressionAttention, Is.Null);
            Assert.That(net.NamedParameters().Select(p => p.Name), Has.None.StartsWith("aud_ch_att_net").And.None.StartsWith("eye_att_net"));
            Assert.That(m.DeltaPosition.Shape, Is.EqualTo(new[] { 5, 3 }));
            Assert.That(m.DeltaRotation.Shape, Is.EqualTo(new[] { 5, 4 }));
            Assert.That(m.DeltaOpacity.Shape, Is.EqualTo(new[] { 5, 1 }));
            Assert.That(m.DeltaScale.Shape, Is.EqualTo(new[] { 5, 3 }));
            Assert.That(m.AudioAttentionNorm, Is.Null);
            Assert.That(m.ExpressionAttentionNorm, Is.Null);
            Assert.That(MotionNetworkOptions.ForVariant(null).RegionAttention, Is.True);
        });
        Assert.Throws<ArgumentException>(() => MotionNetworkOptions.ForVariant("nope"));
    }

    [Test]
    public void AttentionNormsMatchTheirDefinition()
    {
        var rng = new Rng(5);
        var net = new FaceMotionNetwork<double>(Tiny.Options(), rng);
        var x = Tiny.Positions<double>(rng, 6);
        var m = net.Forward(x, Tiny.Audio<double>(rng, 3), Tiny.Expression<double>(rng));
        var encX = net.PositionEncoder.Forward(x);
        var a = net.AudioAttention!.Forward(encX).ToArray();
        var e = net.ExpressionAttention!.Forward(encX).Relu().ToArray();
        for (var i = 0; i < 6; i++)
        {
            Assert.That(m.AudioAttentionNorm!.ToArray()[i], Is.EqualTo(Math.Sqrt(a.Skip(i * 32).Take(32).Sum(v => v * v))).Within(1e-12));
            Assert.That(m.ExpressionAttentionNorm!.ToArray()[i], Is.EqualTo(Math.Sqrt(e.Skip(i * 6).Take(6).Sum(v => v * v))).Within(1e-12));
        }
    }

    [Test]
    public void ZeroAttentionRowHasFiniteGradient()
    {
        // Positions outside the bound encode to 0, so both attentions are exactly zero there: norm 0, gradient 0, not NaN.
        var rng = new Rng(6);
        var net = new FaceMotionNetwork<double>(Tiny.Options(), rng);
        var x = Tensor.FromArray([0.5, 0.5, 0.5, 0.01, -0.02, 0.03], 2, 3);
        var m = net.Forward(x, Tiny.Audio<double>(rng, 3), Tiny.Expression<double>(rng));
        Assert.That(m.AudioAttentionNorm!.ToArray()[0], Is.Zero);
        m.AudioAttentionNorm.Add(m.ExpressionAttentionNorm!).Sum().Backward();
        Assert.That(net.Parameters().SelectMany(p => p.Grad?.ToArray() ?? []), Has.All.Matches<double>(double.IsFinite));
    }

    [Test]
    public void GradCheckInputsAndParameters([Values(true, false)] bool regionAttention)
    {
        var rng = new Rng(7);
        var net = new FaceMotionNetwork<double>(Tiny.Options(regionAttention), rng);
        Tiny.LargeEmbeddings(net.PositionEncoder, rng);
        var x = Tiny.Positions<double>(rng, 4);
        var a = Tiny.Audio<double>(rng, 3);
        var e = Tiny.Expression<double>(rng);
        FiniteDifference.Check(() => All(net.Forward(x, a, e)), 24, [x, a, e, .. net.Parameters()]);
    }

    [Test]
    public void SameSeedIsBitIdentical()
    {
        float[] Run(ulong seed)
        {
            var net = new FaceMotionNetwork<float>(new MotionNetworkOptions(), seed);
            var rng = new Rng(100);
            var m = net.Forward(Tiny.Positions<float>(rng, 50), Tiny.Audio<float>(rng, 29), Tiny.Expression<float>(rng));
            return [.. m.DeltaPosition.ToArray(), .. m.DeltaRotation.ToArray(), .. m.DeltaOpacity.ToArray(), .. m.DeltaScale.ToArray(), .. m.AudioAttentionNorm!.ToArray(), .. m.ExpressionAttentionNorm!.ToArray()];
        }

        var first = Run(42);
        Assert.That(Run(42), Is.EqualTo(first));
        Assert.That(Run(43), Is.Not.EqualTo(first));
    }

    [Test]
    public void BadShapesThrow()
    {
        var rng = new Rng(8);
        var net = new FaceMotionNetwork<float>(Tiny.Options(), rng);
        var encA = Tensor.Zeros<float>(1, 32);
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentException>(() => net.ForwardEncoded(Tensor.Zeros<float>(4, 2), encA, Tensor.Zeros<float>(6)))!.Message, Does.Contain("[4, 2]"));
            Assert.That(Assert.Throws<ArgumentException>(() => net.ForwardEncoded(Tensor.Zeros<float>(4, 3), encA, Tensor.Zeros<float>(5)))!.Message, Does.Contain("expression [5]"));
            Assert.That(Assert.Throws<ArgumentException>(() => net.ForwardEncoded(Tensor.Zeros<float>(4, 3), Tensor.Zeros<float>(1, 31), Tensor.Zeros<float>(6)))!.Message, Does.Contain("[1, 31]"));
        });
    }
}
