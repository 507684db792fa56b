using NUnit.Framework;
using Research.Splatting.Rasterization;
using Research.Tensors.Threading;

namespace Research.Splatting.Tests.Rasterization;

/// <summary>
/// Backward with gradients that are zero on most tiles (a loss on a sub-rectangle, as TalkingGaussian's attention-map
/// regulariser): the compositor skips those tiles; the result must still match the float64 reference, Gaussians whose
/// tiles get no gradient must get exactly zero, and it must stay bit-identical across thread counts.
/// </summary>
[TestFixture]
public sealed class GaussianCompositorSparseGradientTests
{
    // Same tolerance as GaussianCompositorTests: max |fast − reference| ≤ 1e-4·max |reference| + 1e-6 per field.
    private const double GradTol = 1e-4;

    [TestCase(96, 80, 400, 20, 30, 17, 11, false, false)]
    [TestCase(96, 80, 400, 20, 30, 17, 11, true, true)]
    [TestCase(70, 41, 200, 33, 0, 37, 9, true, false)]
    [TestCase(37, 29, 80, 0, 0, 1, 1, false, true)]
    public void MatchesReference(int width, int height, int count, int rx, int ry, int rw, int rh, bool alphaAndDepth, bool imageBackground)
    {
        var scene = TestScenes.Random((ulong)((width * 31) + count), width, height, count, 0.5, 5, 0.05, 0.95);
        var pixels = width * height;
        var background = TestScenes.Uniform(5, imageBackground ? 3 * pixels : 3, 0, 1);
        var dColor = Masked(TestScenes.Uniform(6, 3 * pixels, -1, 1), width, height, 3, rx, ry, rw, rh);
        var dAlpha = alphaAndDepth ? Masked(TestScenes.Uniform(7, pixels, -1, 1), width, height, 1, rx, ry, rw, rh) : null;
        var dDepth = alphaAndDepth ? Masked(TestScenes.Uniform(8, pixels, -0.3, 0.3), width, height, 1, rx, ry, rw, rh) : null;
        var fast = new GaussianCompositor();
        fast.Forward(scene, width, height, background);
        var gradient = new ProjectedGaussiansGradient(scene.Count);
        var gradBackground = new float[background.Length];
        fast.Backward(dColor, dAlpha, dDepth, gradient, gradBackground);

        var refScene = ReferenceProjected.From(scene);
        var refGrad = ReferenceCompositor.Backward(
            refScene, width, height, TestScenes.ToDouble(background), TestScenes.ToDouble(dColor), TestScenes.ToDouble(dAlpha), TestScenes.ToDouble(dDepth));
        var fastFields = new Dictionary<string, float[]>
        {
            ["MeanX"] = gradient.MeanX, ["MeanY"] = gradient.MeanY, ["Depth"] = gradient.Depth, ["ConicA"] = gradient.ConicA,
            ["ConicB"] = gradient.ConicB, ["ConicC"] = gradient.ConicC, ["Opacity"] = gradient.Opacity, ["Colors"] = gradient.Colors,
        };
        var exactZeros = 0;
        foreach (var (name, expected) in refGrad.Gaussians.NamedFields())
        {
            var actual = fastFields[name];
            var scale = expected.Select(Math.Abs).DefaultIfEmpty().Max();
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.That(Math.Abs(actual[i] - expected[i]), Is.LessThanOrEqualTo((GradTol * scale) + 1e-6), $"∂L/∂{name}[{i}]");
                if (expected[i] == 0)
                {
                    exactZeros++;
                    Assert.That(actual[i], Is.EqualTo(0f), $"∂L/∂{name}[{i}] must be exactly zero");
                }
            }
        }

        var bgScale = refGrad.Background.Select(Math.Abs).DefaultIfEmpty().Max();
        for (var i = 0; i < gradBackground.Length; i++)
        {
            Assert.That(Math.Abs(gradBackground[i] - refGrad.Background[i]), Is.LessThanOrEqualTo((GradTol * bgScale) + 1e-6), $"∂L/∂background[{i}]");
        }

        Assert.That(exactZeros, Is.GreaterThan(0), "the scene must have Gaussians outside the gradient rectangle");
    }

    [Test]
    public void BitIdenticalAcrossThreadCounts()
    {
        var (width, height) = (150, 70);
        var scene = TestScenes.Random(12, width, height, 900, 0.5, 6, 0.05, 0.95);
        var dColor = Masked(TestScenes.Uniform(13, 3 * width * height, -1, 1), width, height, 3, 40, 20, 35, 21);
        var runs = new List<int[]>();
        foreach (var threads in new[] { 1, 2, 3 })
        {
            var saved = ComputeThreads.Count;
            try
            {
                ComputeThreads.Count = threads;
                var c = new GaussianCompositor();
                c.Forward(scene, width, height, [0.1f, 0.9f, 0.2f]);
                var g = new ProjectedGaussiansGradient(scene.Count);
                var gb = new float[3];
                c.Backward(dColor, null, null, g, gb);
                runs.Add([.. g.MeanX.Concat(g.MeanY).Concat(g.ConicA).Concat(g.ConicB).Concat(g.ConicC).Concat(g.Opacity).Concat(g.Colors).Concat(g.Depth).Concat(gb)
                    .Select(BitConverter.SingleToInt32Bits)]);
            }
            finally
            {
                ComputeThreads.Count = saved;
            }
        }

        Assert.That(runs[1], Is.EqualTo(runs[0]).AsCollection);
        Assert.That(runs[2], Is.EqualTo(runs[0]).AsCollection);
    }

    // Zero outside the rectangle [x, x + w) × [y, y + h) in every plane.
    private static float[] Masked(float[] values, int width, int height, int planes, int x, int y, int w, int h)
    {
        for (var c = 0; c < planes; c++)
        {
            for (var py = 0; py < height; py++)
            {
                for (var px = 0; px < width; px++)
                {
                    if (px < x || px >= x + w || py < y || py >= y + h)
                    {
                        values[(c * width * height) + (py * width) + px] = 0;
                    }
                }
            }
        }

        return values;
    }
}
