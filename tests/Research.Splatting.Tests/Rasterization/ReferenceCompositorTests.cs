using NUnit.Framework;

namespace Research.Splatting.Tests.Rasterization;

/// <summary>Central finite differences (float64) of the reference compositor's analytic backward.</summary>
[TestFixture]
public sealed class ReferenceCompositorTests
{
    private const int Width = 20;
    private const int Height = 13;
    private const double Step = 1e-6;

    // |numeric − analytic| ≤ AbsTol + RelTol·|analytic|.
    private const double AbsTol = 1e-6;
    private const double RelTol = 1e-5;

    [TestCase("color", false)]
    [TestCase("alpha", false)]
    [TestCase("depth", false)]
    [TestCase("all", false)]
    [TestCase("color", true)]
    [TestCase("all", true)]
    public void BackwardMatchesFiniteDifferences(string output, bool imageBackground)
    {
        // α ≤ 0.6 (no clamp), at most 7 layers (T ≫ 1e-4); σ ≥ 1.5 px so the 1/255 cut-off is far from most pixels.
        var scene = ReferenceProjected.From(TestScenes.Random(11, Width, Height, 7, 1.5, 4, 0.05, 0.6));
        var pixels = Width * Height;
        var background = TestScenes.ToDouble(TestScenes.Uniform(12, imageBackground ? 3 * pixels : 3, 0, 1));
        var wc = output is "color" or "all" ? TestScenes.ToDouble(TestScenes.Uniform(13, 3 * pixels, -1, 1)) : null;
        var wa = output is "alpha" or "all" ? TestScenes.ToDouble(TestScenes.Uniform(14, pixels, -1, 1)) : null;
        var wd = output is "depth" or "all" ? TestScenes.ToDouble(TestScenes.Uniform(15, pixels, -1, 1)) : null;
        double Loss()
        {
            var r = ReferenceCompositor.Forward(scene, Width, Height, background);
            return Dot(wc, r.Color) + Dot(wa, r.Alpha) + Dot(wd, r.Depth);
        }

        var grad = ReferenceCompositor.Backward(scene, Width, Height, background, wc, wa, wd);
        var analytic = grad.Gaussians.NamedFields().ToDictionary(f => f.Name, f => f.Values);
        var checkedNonZero = 0;
        foreach (var (name, values) in scene.NamedFields().Append(("Background", background)))
        {
            var expected = name == "Background" ? grad.Background : analytic[name];
            for (var i = 0; i < values.Length; i++)
            {
                var saved = values[i];
                values[i] = saved + Step;
                var plus = Loss();
                values[i] = saved - Step;
                var minus = Loss();
                values[i] = saved;
                var numeric = (plus - minus) / (2 * Step);
                Assert.That(Math.Abs(numeric - expected[i]), Is.LessThanOrEqualTo(AbsTol + (RelTol * Math.Abs(expected[i]))),
                    $"{output}: ∂L/∂{name}[{i}] analytic {expected[i]:R}, numeric {numeric:R}");
                checkedNonZero += Math.Abs(expected[i]) > 1e-3 ? 1 : 0;
            }
        }

        Assert.That(checkedNonZero, Is.GreaterThan(10), "the scene should produce non-trivial gradients");
    }

    [Test]
    public void TileRectangleFollows3dgsGetRect()
    {
        // Radius 3 at x = 17.5: tiles (int)(14.5/16) = 0 .. (int)(35.5/16) = 2 (exclusive).
        Assert.That(ReferenceCompositor.Rect(17.5, 2, 3, 4, 4), Is.EqualTo((0, 0, 2, 1)));
        Assert.That(ReferenceCompositor.Rect(-40, -40, 3, 4, 4), Is.EqualTo((0, 0, 0, 0)));
    }

    private static double Dot(double[]? w, double[] v)
    {
        if (w == null)
        {
            return 0;
        }

        var s = 0.0;
        for (var i = 0; i < v.Length; i++)
        {
            s += w[i] * v[i];
        }

        return s;
    }
}
