using NUnit.Framework;
using Research.Datasets.Masks;
using Research.Methods.TalkingGaussian.Training;
using Research.Tensors;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class GreenScreenTargetsTests
{
    // 2×2 image, pixel i has colour (0.1 + i, 0.2 + i, 0.3 + i)/10 in planar [3, 2, 2] layout.
    private static readonly float[] Gt = [.. Enumerable.Range(0, 3).SelectMany(c => Enumerable.Range(0, 4).Select(i => (0.1f * (c + 1)) + i) )];

    private static PixelMask Mask(params int[] on)
    {
        var m = new PixelMask(2, 2);
        foreach (var i in on)
        {
            m[i] = true;
        }

        return m;
    }

    private static float[] Pixel(float[] image, int i) => [image[i], image[4 + i], image[8 + i]];

    [Test]
    public void FaceTargetKeepsHeadAndGreensMouth()
    {
        // pixel 0 face, 1 hair, 2 face and mouth, 3 nothing.
        var (face, hair, mouth) = (Mask(0, 2), Mask(1), Mask(2));
        var t = GreenScreenTargets.FaceGroundTruth(Gt, face, hair, mouth, maskHair: false, GreenScreenTargets.Green);
        Assert.That(Pixel(t, 0), Is.EqualTo(Pixel(Gt, 0)));
        Assert.That(Pixel(t, 1), Is.EqualTo(Pixel(Gt, 1)));
        Assert.That(Pixel(t, 2), Is.EqualTo(new[] { 0f, 1f, 0f }));
        Assert.That(Pixel(t, 3), Is.EqualTo(new[] { 0f, 1f, 0f }));
        var masked = GreenScreenTargets.FaceGroundTruth(Gt, face, hair, mouth, maskHair: true, GreenScreenTargets.Green);
        Assert.That(Pixel(masked, 0), Is.EqualTo(Pixel(Gt, 0)));
        Assert.That(Pixel(masked, 1), Is.EqualTo(new[] { 0f, 1f, 0f }));
    }

    [Test]
    public void MouthTargetKeepsOnlyMouth()
    {
        var t = GreenScreenTargets.MouthGroundTruth(Gt, Mask(1), (0, 0, 0));
        Assert.That(Pixel(t, 1), Is.EqualTo(Pixel(Gt, 1)));
        foreach (var i in new[] { 0, 2, 3 })
        {
            Assert.That(Pixel(t, i), Is.EqualTo(new[] { 0f, 0f, 0f }));
        }
    }

    [Test]
    public void OverwriteMaskIsLipsXorMouth()
    {
        var mouth = new PixelMask(4, 4) { [1, 1] = true, [0, 0] = true };
        // Rows 1..2, columns 1..2 (upstream slice [1:3, 1:3]).
        var m = GreenScreenTargets.MouthOverwriteMask(new LandmarkRect(1, 3, 1, 3), mouth);
        var on = Enumerable.Range(0, 16).Where(i => m[i]).Select(i => (i % 4, i / 4)).ToArray();
        Assert.That(on, Is.EquivalentTo(new[] { (0, 0), (2, 1), (1, 2), (2, 2) }));
    }

    [Test]
    public void FillBackgroundOverwritesAndBlocksGradient()
    {
        var render = Tensor.FromArray([.. Gt.Select(v => (double)v)], 3, 2, 2);
        render.RequiresGrad = true;
        var output = GreenScreenTargets.FillBackground(render, Mask(0, 3), GreenScreenTargets.Green);
        var o = output.ToArray();
        Assert.That(new[] { o[0], o[4], o[8] }, Is.EqualTo(new[] { 0.0, 1.0, 0.0 }));
        Assert.That(new[] { o[1], o[5], o[9] }, Is.EqualTo(new[] { (double)Gt[1], Gt[5], Gt[9] }));
        output.Sum().Backward();
        Assert.That(render.Grad!.ToArray(), Is.EqualTo(new[] { 0.0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0 }));
    }

    [Test]
    public void AlphaPriorByHand()
    {
        var alpha = Tensor.FromArray([0.2, 0.9, 0.5, 0.0], 1, 2, 2);
        // region = pixels 0, 1: mean((1−α)m) = (0.8 + 0.1)/4; mean(α(1−m)) = (0.5 + 0)/4.
        Assert.That(GreenScreenTargets.AlphaPrior(alpha, Mask(0, 1)).Item(), Is.EqualTo(0.35).Within(1e-15));
        FiniteDifference.Check(() => GreenScreenTargets.AlphaPrior(alpha, Mask(0, 1)), 10, alpha);
    }

    [Test]
    public void ErosionIgnoresOutOfImagePixels()
    {
        var full = new PixelMask(4, 4);
        for (var i = 0; i < 16; i++)
        {
            full[i] = true;
        }

        Assert.That(GreenScreenTargets.Erode(full, 2).Count(), Is.EqualTo(16));
        var block = new PixelMask(5, 5);
        for (var y = 1; y <= 3; y++)
        {
            for (var x = 1; x <= 3; x++)
            {
                block[x, y] = true;
            }
        }

        var once = GreenScreenTargets.Erode(block, 1);
        Assert.That(once.Count(), Is.EqualTo(1));
        Assert.That(once[2, 2], Is.True);
        Assert.That(GreenScreenTargets.Erode(block, 2).Count(), Is.Zero);
    }

    [Test]
    public void RejectsMismatchedSizes()
    {
        Assert.Throws<ArgumentException>(() => GreenScreenTargets.MouthGroundTruth(new float[11], Mask(1), (0, 0, 0)));
        Assert.Throws<ArgumentException>(() => GreenScreenTargets.FaceGroundTruth(Gt, Mask(0), new PixelMask(3, 2), Mask(1), false, (0, 1, 0)));
        Assert.Throws<ArgumentException>(() => GreenScreenTargets.FillBackground(Tensor.Zeros<float>(3, 3, 2), Mask(0), (0, 1, 0)));
    }
}
