using NUnit.Framework;
using Research.Methods.TalkingGaussian.Compositing;
using Research.Tensors;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class FusionCompositorTests
{
    [Test]
    public void FaceOverMouthOverBackground()
    {
        var cf = Tensor.FromArray([0.2, 0.1, 0.0], 3, 1, 1);
        var af = Tensor.FromArray([0.5], 1, 1, 1);
        var cm = Tensor.FromArray([0.3, 0.3, 0.3], 3, 1, 1);
        var am = Tensor.FromArray([0.6], 1, 1, 1);
        var bg = Tensor.FromArray([1.0, 0.5, 0.0], 3, 1, 1);
        // mouth_img = 0.3 + 0.4·bg = (0.7, 0.5, 0.3); final = C_f + 0.5·mouth_img.
        var final = FusionCompositor.Compose(cf, af, cm, am, bg).ToArray();
        Assert.That(final, Is.EqualTo(new[] { 0.55, 0.35, 0.15 }).Within(1e-15));
        // The other order (mouth over face over background) gives a different pixel.
        var swapped = FusionCompositor.Over(cm, am, FusionCompositor.Over(cf, af, bg)).ToArray();
        Assert.That(swapped, Is.EqualTo(new[] { 0.58, 0.44, 0.3 }).Within(1e-15));
    }

    [Test]
    public void OpaqueFaceHidesEverythingAndEmptyLayersShowBackground()
    {
        var rng = new Rng(1);
        var bg = Tensor.Uniform(rng, 0.0, 1.0, 3, 2, 3);
        var cm = Tensor.Uniform(rng, 0.0, 0.5, 3, 2, 3);
        var am = Tensor.Full([1, 2, 3], 0.5);
        var cf = Tensor.Uniform(rng, 0.0, 1.0, 3, 2, 3);
        Assert.That(FusionCompositor.Compose(cf, Tensor.Ones<double>(1, 2, 3), cm, am, bg).ToArray(), Is.EqualTo(cf.ToArray()));
        Assert.That(FusionCompositor.Compose(Tensor.Zeros<double>(3, 2, 3), Tensor.Zeros<double>(1, 2, 3), Tensor.Zeros<double>(3, 2, 3), Tensor.Zeros<double>(1, 2, 3), bg).ToArray(), Is.EqualTo(bg.ToArray()));
    }

    [Test]
    public void PremultiplyRemovesSolidBackground()
    {
        // A render over green with alpha 0.25: C + 0.75·green.
        var render = Tensor.FromArray([0.1, 0.2 + 0.75, 0.3], 3, 1, 1);
        var alpha = Tensor.FromArray([0.25], 1, 1, 1);
        Assert.That(FusionCompositor.Premultiply(render, alpha, (0, 1, 0)).ToArray(), Is.EqualTo(new[] { 0.1, 0.2, 0.3 }).Within(1e-15));
    }

    [Test]
    public void GradCheck()
    {
        var rng = new Rng(2);
        var cf = Tensor.Uniform(rng, 0.0, 1.0, 3, 3, 4);
        var af = Tensor.Uniform(rng, 0.0, 1.0, 1, 3, 4);
        var cm = Tensor.Uniform(rng, 0.0, 1.0, 3, 3, 4);
        var am = Tensor.Uniform(rng, 0.0, 1.0, 1, 3, 4);
        var bg = Tensor.Uniform(rng, 0.0, 1.0, 3, 3, 4);
        FiniteDifference.Check(() => FusionCompositor.Compose(cf, af, cm, am, bg), 100, cf, af, cm, am, bg);
        FiniteDifference.Check(() => FusionCompositor.Compose(cf, af, cm, am, bg, dilateMouthAlpha: true), 100, cf, af, cm, am, bg);
        FiniteDifference.Check(() => FusionCompositor.Premultiply(cf, af, (0, 1, 0)), 100, cf, af);
    }

    [Test]
    public void DilationIs13x13MaxPool()
    {
        var data = new double[15 * 15];
        data[(7 * 15) + 7] = 0.7;
        var dilated = FusionCompositor.DilateAlpha(Tensor.FromArray(data, 1, 15, 15)).ToArray();
        for (var y = 0; y < 15; y++)
        {
            for (var x = 0; x < 15; x++)
            {
                var inside = Math.Abs(x - 7) <= 6 && Math.Abs(y - 7) <= 6;
                Assert.That(dilated[(y * 15) + x], Is.EqualTo(inside ? 0.7 : 0.0), $"({x}, {y})");
            }
        }
    }

    [Test]
    public void RejectsBadShapes()
    {
        Assert.Throws<ArgumentException>(() => FusionCompositor.Over(Tensor.Zeros<float>(3, 2, 2), Tensor.Zeros<float>(1, 2, 3), Tensor.Zeros<float>(3, 2, 2)));
        Assert.Throws<ArgumentException>(() => FusionCompositor.Over(Tensor.Zeros<float>(3, 2, 2), Tensor.Zeros<float>(1, 2, 2), Tensor.Zeros<float>(3, 2, 3)));
        Assert.Throws<ArgumentException>(() => FusionCompositor.DilateAlpha(Tensor.Zeros<float>(3, 2, 2)));
    }
}
