using NUnit.Framework;
using Research.Encoders.HashGrid;
using Research.Methods.TalkingGaussian.Networks;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

/// <summary>The face and mouth motion networks with the <c>hash-grid</c> ablation's 3-D hash grid encoder.</summary>
[TestFixture]
public sealed class HashGridMotionNetworkTests
{
    // 3 audio channels; 2 levels × 2 features (4-d) over 4³ and 8³ corners, the finer hashed into 2^7 rows.
    private static MotionNetworkOptions TinyHash(bool regionAttention = true) => Tiny.Options(regionAttention) with
    {
        Encoder = PositionEncoderKind.HashGrid,
        HashGrid = new HashGridLevels(2, 2, 3, 7, 7, 0.15),
    };

    private static void LargeEmbeddings(HashGridEncoder3d<double> encoder, Rng rng) =>
        Tensor.Uniform(rng, -1.0, 1.0, [.. encoder.Embeddings.Shape]).ToArray().CopyTo(CustomOp.Data(encoder.Embeddings));

    private static Tensor<double> All(FaceMotion<double> m) =>
        Tensor.Concat([m.DeltaPosition, m.DeltaRotation, m.DeltaOpacity, m.DeltaScale, .. m.AudioAttentionNorm is null ? Array.Empty<Tensor<double>>() : [m.AudioAttentionNorm, m.ExpressionAttentionNorm!]], 1);

    [Test]
    public void FaceNetworkWithPaperSizedHashGrid()
    {
        var rng = new Rng(1);
        var options = MotionNetworkOptions.ForVariant(MotionNetworkOptions.HashGridVariant);
        var net = new FaceMotionNetwork<float>(options, rng);
        var m = net.Forward(Tiny.Positions<float>(rng, 17), Tiny.Audio<float>(rng, 29), Tiny.Expression<float>(rng));
        var names = net.NamedParameters().Select(p => p.Name).ToArray();
        var shapes = net.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor.Shape.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(options.Encoder, Is.EqualTo(PositionEncoderKind.HashGrid));
            Assert.That(options.RegionAttention, Is.True);
            Assert.That(names, Has.Member("encoder_xyz.embeddings"));
            Assert.That(names.Where(n => n.StartsWith("encoder_", StringComparison.Ordinal)), Is.EqualTo(new[] { "encoder_xyz.embeddings" }), "no planes");
            Assert.That(shapes["encoder_xyz.embeddings"], Is.EqualTo(new[] { HashGridLevels.Face().TableRows, 3 }));
            Assert.That(shapes["sigma_net.net.0.weight"], Is.EqualTo(new[] { 64, 74 }), "decoder keeps its shape");
            Assert.That(shapes["aud_ch_att_net.net.0.weight"], Is.EqualTo(new[] { 32, 36 }));
            Assert.That(net.HashEncoder, Is.Not.Null);
            Assert.That(net.Encoder, Is.SameAs(net.HashEncoder));
            Assert.Throws<InvalidOperationException>(() => _ = net.PositionEncoder);
            Assert.That(m.DeltaPosition.Shape, Is.EqualTo(new[] { 17, 3 }));
            Assert.That(m.DeltaRotation.Shape, Is.EqualTo(new[] { 17, 4 }));
            Assert.That(m.DeltaScale.Shape, Is.EqualTo(new[] { 17, 3 }));
            Assert.That(m.AudioAttentionNorm!.Shape, Is.EqualTo(new[] { 17, 1 }));
        });

        // The tri-plane network still has no hash encoder.
        Assert.That(new FaceMotionNetwork<float>(new MotionNetworkOptions(), rng).HashEncoder, Is.Null);
    }

    [Test]
    public void MouthNetworkWithPaperSizedHashGrid()
    {
        var rng = new Rng(2);
        var net = new MouthMotionNetwork<float>(MotionNetworkOptions.ForVariant(MotionNetworkOptions.HashGridVariant), rng);
        var d = net.Forward(Tiny.Positions<float>(rng, 9), Tiny.Audio<float>(rng, 29));
        var shapes = net.NamedParameters().ToDictionary(p => p.Name, p => p.Tensor.Shape.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(shapes.Keys.Where(n => n.StartsWith("encoder_", StringComparison.Ordinal)), Is.EqualTo(new[] { "encoder_xyz.embeddings" }));
            Assert.That(shapes["encoder_xyz.embeddings"], Is.EqualTo(new[] { HashGridLevels.Mouth().TableRows, 3 }));
            Assert.That(shapes["sigma_net.net.0.weight"], Is.EqualTo(new[] { 32, 68 }));
            Assert.That(d.Shape, Is.EqualTo(new[] { 9, 3 }));
        });
    }

    [Test]
    public void FaceGradCheckInputsAndParameters([Values(true, false)] bool regionAttention)
    {
        var rng = new Rng(7);
        var net = new FaceMotionNetwork<double>(TinyHash(regionAttention), rng);
        LargeEmbeddings(net.HashEncoder!, rng);
        var x = Tiny.Positions<double>(rng, 4);
        var a = Tiny.Audio<double>(rng, 3);
        var e = Tiny.Expression<double>(rng);
        FiniteDifference.Check(() => All(net.Forward(x, a, e)), 24, [x, a, e, .. net.Parameters()]);
    }

    [Test]
    public void MouthGradCheckInputsAndParameters()
    {
        var rng = new Rng(4);
        var net = new MouthMotionNetwork<double>(TinyHash(), rng);
        LargeEmbeddings(net.HashEncoder!, rng);
        var x = Tiny.Positions<double>(rng, 4);
        var a = Tiny.Audio<double>(rng, 3);
        var used = net.NamedParameters().Where(p => !p.Name.StartsWith("aud_ch_att_net", StringComparison.Ordinal)).Select(p => p.Tensor);
        FiniteDifference.Check(() => net.Forward(x, a), 24, [x, a, .. used]);
    }
}
