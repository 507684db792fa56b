using NUnit.Framework;
using Research.Datasets.Masks;
using Research.Methods.TalkingGaussian.Losses;
using Research.Tensors;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class LpipsPatchesTests
{
    [TestCase(5, 7, 2)]
    [TestCase(6, 6, 3)]
    [TestCase(4, 9, 4)]
    [TestCase(3, 3, 3)]
    public void TilesMatchNaiveUnfoldOrder(int h, int w, int p)
    {
        var image = Tensor.Uniform(new Rng(1), 0.0, 1.0, 3, h, w);
        var patches = LpipsPatches.Patchify(image, p);
        var (rows, cols) = (h / p, w / p);
        Assert.That(patches.Shape, Is.EqualTo(new[] { rows * cols, 3, p, p }));
        var src = image.ToArray();
        var got = patches.ToArray();
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                for (var ch = 0; ch < 3; ch++)
                {
                    for (var y = 0; y < p; y++)
                    {
                        for (var x = 0; x < p; x++)
                        {
                            var k = (r * cols) + c;
                            Assert.That(got[(((((k * 3) + ch) * p) + y) * p) + x], Is.EqualTo(src[(((ch * h) + (r * p) + y) * w) + (c * p) + x]));
                        }
                    }
                }
            }
        }
    }

    [Test]
    public void BatchOfOneAndGradientSkipsDroppedRemainder()
    {
        var image = Tensor.Uniform(new Rng(2), 0.0, 1.0, 1, 3, 5, 7);
        image.RequiresGrad = true;
        LpipsPatches.Patchify(image, 2).Sum().Backward();
        var g = image.Grad!.ToArray();
        for (var i = 0; i < g.Length; i++)
        {
            var (y, x) = (i / 7 % 5, i % 7);
            Assert.That(g[i], Is.EqualTo(y < 4 && x < 6 ? 1.0 : 0.0), $"element {i}");
        }

        var img = Tensor.Uniform(new Rng(3), 0.0, 1.0, 3, 5, 6);
        FiniteDifference.Check(() => LpipsPatches.Patchify(img, 2), 100, img);
    }

    [Test]
    public void PatchSizeIsTwiceAnInclusiveRandInt()
    {
        var rng = new Rng(4);
        var seen = new HashSet<int>();
        for (var i = 0; i < 600; i++)
        {
            var p = LpipsPatches.DrawPatchSize(rng, 16, 21);
            Assert.That(p % 2, Is.Zero);
            Assert.That(p, Is.InRange(32, 42));
            seen.Add(p);
        }

        Assert.That(seen, Is.EquivalentTo(new[] { 32, 34, 36, 38, 40, 42 }));
        var a = new Rng(9);
        var b = new Rng(9);
        Assert.That(Enumerable.Range(0, 20).Select(_ => LpipsPatches.DrawPatchSize(a, 32, 48)), Is.EqualTo(Enumerable.Range(0, 20).Select(_ => LpipsPatches.DrawPatchSize(b, 32, 48))));
    }

    [Test]
    public void CropUsesPythonSliceSemantics()
    {
        var image = Tensor.FromArray([.. Enumerable.Range(0, 2 * 4 * 5).Select(i => (double)i)], 2, 4, 5);
        // Rows 1..2, columns 2..4 (stop 9 clamps to 5).
        var crop = LpipsPatches.Crop(image, new LandmarkRect(1, 3, 2, 9));
        Assert.That(crop.Shape, Is.EqualTo(new[] { 2, 2, 3 }));
        Assert.That(crop.ToArray(), Is.EqualTo(new double[] { 7, 8, 9, 12, 13, 14, 27, 28, 29, 32, 33, 34 }));
        // A negative start counts from the end: −2 → row 2.
        Assert.That(LpipsPatches.Crop(image, new LandmarkRect(-2, 4, 0, 1)).ToArray(), Is.EqualTo(new double[] { 10, 15, 30, 35 }));
        Assert.Throws<ArgumentException>(() => LpipsPatches.Crop(image, new LandmarkRect(3, 3, 0, 5)));
    }

    [Test]
    public void RejectsBadArguments()
    {
        Assert.Throws<ArgumentException>(() => LpipsPatches.Patchify(Tensor.Zeros<float>(3, 4, 4), 5));
        Assert.Throws<ArgumentException>(() => LpipsPatches.Patchify(Tensor.Zeros<float>(4, 4), 2));
    }
}
