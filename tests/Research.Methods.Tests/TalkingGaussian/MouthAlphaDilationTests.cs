using NUnit.Framework;
using Research.Methods.TalkingGaussian.Compositing;
using Research.Tensors;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

/// <summary>The inference-only <c>--dilate</c> (13×13 max-pool of α_m) against a naive twin, and where it changes the composite.</summary>
[TestFixture]
public sealed class MouthAlphaDilationTests
{
    private const int Half = FusionCompositor.DilationKernel / 2;

    // Naive twin: max over the 13×13 window clipped to the image (padding never wins).
    private static float[] ReferenceDilate(float[] alpha, int h, int w)
    {
        var result = new float[h * w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var max = float.NegativeInfinity;
                for (var dy = -Half; dy <= Half; dy++)
                {
                    for (var dx = -Half; dx <= Half; dx++)
                    {
                        var (yy, xx) = (y + dy, x + dx);
                        if (yy >= 0 && yy < h && xx >= 0 && xx < w)
                        {
                            max = Math.Max(max, alpha[(yy * w) + xx]);
                        }
                    }
                }

                result[(y * w) + x] = max;
            }
        }

        return result;
    }

    // Mostly zero with a few random blobs, like a mouth alpha.
    private static float[] SparseAlpha(Rng rng, int h, int w, double density)
    {
        var a = new float[h * w];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = rng.NextDouble() < density ? (float)rng.NextDouble() : 0f;
        }

        return a;
    }

    [TestCase(1, 1, 1.0)]
    [TestCase(7, 20, 0.05)]
    [TestCase(31, 17, 0.02)]
    [TestCase(40, 40, 0.3)]
    public void MatchesTheNaiveTwinExactly(int h, int w, double density)
    {
        var alpha = SparseAlpha(new Rng((ulong)((h * 100) + w)), h, w, density);
        var fast = FusionCompositor.DilateAlpha(Tensor.FromArray(alpha, 1, h, w)).ToArray();
        Assert.That(fast, Is.EqualTo(ReferenceDilate(alpha, h, w)), "a max is exact: tolerance 0");
    }

    [Test]
    public void MatchesTheNaiveTwinOnAStridedInput()
    {
        // A [1, H, W] view that is the transpose of a contiguous [1, W, H] tensor.
        var (h, w) = (9, 23);
        var stored = SparseAlpha(new Rng(5), w, h, 0.1);
        var view = Tensor.FromArray(stored, 1, w, h).Transpose(1, 2);
        var dense = view.Contiguous().ToArray();
        Assert.That(FusionCompositor.DilateAlpha(view).ToArray(), Is.EqualTo(ReferenceDilate(dense, h, w)));
    }

    [Test]
    public void CompositeChangesOnlyWithinTheKernelOfNonZeroMouthAlpha()
    {
        var (h, w) = (48, 40);
        var rng = new Rng(11);
        var alpha = new float[h * w];

        // Two small mouth blobs; everything else transparent.
        foreach (var (cy, cx) in new[] { (20, 12), (30, 30) })
        {
            for (var y = cy - 1; y <= cy + 1; y++)
            {
                for (var x = cx - 2; x <= cx + 2; x++)
                {
                    alpha[(y * w) + x] = 0.2f + (0.6f * (float)rng.NextDouble());
                }
            }
        }

        var am = Tensor.FromArray(alpha, 1, h, w);
        var cm = Tensor.Uniform(rng, 0f, 0.3f, 3, h, w).Mul(am);
        var cf = Tensor.Uniform(rng, 0f, 0.5f, 3, h, w);
        var af = Tensor.Uniform(rng, 0f, 0.6f, 1, h, w);
        var bg = Tensor.Uniform(rng, 0f, 1f, 3, h, w);
        var plain = FusionCompositor.Compose(cf, af, cm, am, bg).ToArray();
        var dilated = FusionCompositor.Compose(cf, af, cm, am, bg, dilateMouthAlpha: true).ToArray();

        var changed = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var near = false;
                for (var yy = Math.Max(0, y - Half); yy <= Math.Min(h - 1, y + Half) && !near; yy++)
                {
                    for (var xx = Math.Max(0, x - Half); xx <= Math.Min(w - 1, x + Half); xx++)
                    {
                        near |= alpha[(yy * w) + xx] != 0f;
                    }
                }

                for (var c = 0; c < 3; c++)
                {
                    var i = (c * h * w) + (y * w) + x;
                    if (!near)
                    {
                        Assert.That(dilated[i], Is.EqualTo(plain[i]), $"({x}, {y}) has no mouth alpha within 6 px");
                    }
                    else if (dilated[i] != plain[i])
                    {
                        changed++;
                    }
                }
            }
        }

        Assert.That(changed, Is.GreaterThan(3 * 13 * 13), "the dilated alpha covers the blobs' neighbourhood");
    }
}
