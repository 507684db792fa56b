using NUnit.Framework;
using Research.Splatting.Rasterization;
using Research.Tensors.Threading;

namespace Research.Splatting.Tests.Rasterization;

/// <summary>The float32 compositor against the float64 reference, determinism and argument checks.</summary>
[TestFixture]
public sealed class GaussianCompositorTests
{
    // Outputs: PSNR ≥ 60 dB with peak max(1, max |reference|). Gradients: per field,
    // max |fast − reference| ≤ GradTol·max |reference| + 1e-6 (observed ≤ 1e-6 relative; float32 vs float64).
    private const double MinPsnr = 60;
    private const double GradTol = 1e-4;

    [TestCase(1, 1, 5, 1.0, 3.0, false)]
    [TestCase(20, 13, 8, 1.5, 4.0, false)]
    [TestCase(16, 16, 30, 0.5, 3.0, true)]
    [TestCase(33, 47, 60, 0.5, 5.0, false)]
    [TestCase(70, 41, 200, 0.5, 6.0, true)]
    [TestCase(128, 128, 600, 0.5, 4.0, false)]
    [TestCase(100, 37, 150, 4.0, 20.0, false)]
    public void MatchesReference(int width, int height, int count, double sigmaMin, double sigmaMax, bool imageBackground)
    {
        var scene = TestScenes.Random((ulong)(width * 1000 + count), width, height, count, sigmaMin, sigmaMax, 0.05, 0.95);
        Compare(scene, width, height, imageBackground, seed: (ulong)count);
    }

    [Test]
    public void ZeroGaussiansGiveTheBackground()
    {
        var (fast, _, gradient, gradBackground) = Compare(new ProjectedGaussians(0), 19, 5, false, seed: 3);
        Assert.That(fast.Alpha, Is.All.EqualTo(0f));
        Assert.That(gradient.Count, Is.Zero);
        Assert.That(gradBackground[0], Is.Not.EqualTo(0f));
    }

    [Test]
    public void AllCulledGiveTheBackground()
    {
        var scene = TestScenes.Random(5, 40, 30, 20, 1, 4, 0.2, 0.9);
        Array.Clear(scene.Radii);
        var (fast, _, gradient, _) = Compare(scene, 40, 30, true, seed: 4);
        Assert.That(fast.Alpha, Is.All.EqualTo(0f));
        Assert.That(gradient.Opacity, Is.All.EqualTo(0f));
        Assert.That(fast.InstanceCount, Is.Zero);
    }

    [Test]
    public void SaturatedPixelsStopAndClampedAlphaMatches()
    {
        // Opacity up to 1 (α clamped at 0.99 near centres) and many stacked layers (T reaches 1e-4: pixels stop).
        var scene = TestScenes.Random(6, 48, 40, 120, 3, 8, 0.9, 1.0);
        for (var i = 0; i < scene.Count; i++)
        {
            scene.MeanX[i] = 24 + ((scene.MeanX[i] - 24) * 0.3f);
            scene.MeanY[i] = 20 + ((scene.MeanY[i] - 20) * 0.3f);
        }

        // Gaussian 0: in front, opacity 1, centred on pixel (24, 20) → α = min(0.99, 1) is clamped there.
        scene.Opacity[0] = 1f;
        scene.Depth[0] = 0.5f;
        scene.MeanX[0] = 24;
        scene.MeanY[0] = 20;
        var (fast, _, _, _) = Compare(scene, 48, 40, false, seed: 5);
        Assert.That(fast.Alpha[(20 * 48) + 24], Is.GreaterThanOrEqualTo(0.99f));
        var stopped = fast.FinalTransmittance.Count(t => t is >= GaussianCompositor.MinTransmittance and < 0.002f);
        Assert.That(stopped, Is.GreaterThan(10), "some pixels should end by the 1e-4 transmittance rule");
    }

    [Test]
    public void NullUpstreamGradientsGiveZeroGradients()
    {
        var scene = TestScenes.Random(12, 30, 20, 40, 1, 5, 0.1, 0.9);
        var c = new GaussianCompositor();
        c.Forward(scene, 30, 20, TestScenes.Uniform(13, 3 * 30 * 20, 0, 1));
        var grad = new ProjectedGaussiansGradient(scene.Count);
        Array.Fill(grad.Opacity, 5f);
        var gradBackground = new float[3 * 30 * 20];
        c.Backward(null, null, null, grad, gradBackground);
        Assert.That(grad.Opacity.Concat(grad.MeanX).Concat(grad.Colors).Concat(grad.ConicB).Concat(gradBackground), Is.All.EqualTo(0f));
    }

    [Test]
    public void EqualDepthsAreOrderedByIndex()
    {
        var scene = TestScenes.Random(7, 37, 29, 80, 1, 6, 0.2, 0.9);
        for (var i = 0; i < scene.Count; i++)
        {
            scene.Depth[i] = i % 3 == 0 ? 2f : 3f;
        }

        Compare(scene, 37, 29, false, seed: 6);
    }

    [Test]
    public void BitIdenticalAcrossRunsAndThreadCounts()
    {
        var scene = TestScenes.Random(8, 150, 70, 900, 0.5, 6, 0.05, 0.95);
        var runs = new List<float[][]>();
        foreach (var threads in new[] { 1, 2, 3, 2 })
        {
            var saved = ComputeThreads.Count;
            try
            {
                ComputeThreads.Count = threads;
                runs.Add(Run(scene, 150, 70));
            }
            finally
            {
                ComputeThreads.Count = saved;
            }
        }

        for (var r = 1; r < runs.Count; r++)
        {
            for (var a = 0; a < runs[0].Length; a++)
            {
                Assert.That(runs[r][a].Select(BitConverter.SingleToInt32Bits), Is.EqualTo(runs[0][a].Select(BitConverter.SingleToInt32Bits)),
                    $"run {r}, array {a}");
            }
        }
    }

    [Test]
    public void BadArgumentsNameTheField()
    {
        var scene = TestScenes.Random(9, 20, 10, 5, 1, 3, 0.1, 0.5);
        var c = new GaussianCompositor();
        var e = Assert.Throws<ArgumentException>(() => c.Forward(scene, 20, 10, new float[4]))!;
        Assert.That(e.ParamName, Is.EqualTo("backgroundColor"));
        Assert.That(e.Message, Does.Contain("background"));
        Assert.Throws<ArgumentException>(() => c.Forward(scene, 0, 10, new float[3]));
        Assert.Throws<InvalidOperationException>(() => c.Backward(null, null, null, new ProjectedGaussiansGradient(5), new float[3]));
        c.Forward(scene, 20, 10, new float[3]);
        var grad = new ProjectedGaussiansGradient(5);
        Assert.That(Assert.Throws<ArgumentException>(() => c.Backward(new float[10], null, null, grad, new float[3]))!.ParamName, Is.EqualTo("gradColor"));
        Assert.That(Assert.Throws<ArgumentException>(() => c.Backward(null, new float[7], null, grad, new float[3]))!.ParamName, Is.EqualTo("gradAlpha"));
        Assert.That(Assert.Throws<ArgumentException>(() => c.Backward(null, null, new float[7], grad, new float[3]))!.ParamName, Is.EqualTo("gradDepth"));
        Assert.That(Assert.Throws<ArgumentException>(() => c.Backward(null, null, null, new ProjectedGaussiansGradient(4), new float[3]))!.ParamName, Is.EqualTo("gradient"));
        Assert.That(Assert.Throws<ArgumentException>(() => c.Backward(null, null, null, grad, new float[600]))!.ParamName, Is.EqualTo("gradBackground"));
    }

    [Test]
    public void WorkspaceIsReusedAcrossSizes()
    {
        // The same compositor for a large then a small then a large scene matches fresh compositors.
        var big = TestScenes.Random(10, 64, 64, 300, 0.5, 5, 0.05, 0.95);
        var small = TestScenes.Random(11, 17, 9, 10, 0.5, 5, 0.05, 0.95);
        var shared = new GaussianCompositor();
        var first = Run(big, 64, 64, shared);
        Run(small, 17, 9, shared);
        var again = Run(big, 64, 64, shared);
        for (var a = 0; a < first.Length; a++)
        {
            Assert.That(again[a], Is.EqualTo(first[a]).AsCollection, $"array {a}");
        }
    }

    private static float[][] Run(ProjectedGaussians scene, int width, int height, GaussianCompositor? compositor = null)
    {
        var pixels = width * height;
        var c = compositor ?? new GaussianCompositor();
        var background = TestScenes.Uniform(1, 3, 0, 1);
        c.Forward(scene, width, height, background);
        var grad = new ProjectedGaussiansGradient(scene.Count);
        var gradBackground = new float[3];
        c.Backward(TestScenes.Uniform(2, 3 * pixels, -1, 1), TestScenes.Uniform(3, pixels, -1, 1), TestScenes.Uniform(4, pixels, -1, 1), grad, gradBackground);
        return [(float[])c.Color.Clone(), (float[])c.Alpha.Clone(), (float[])c.Depth.Clone(), grad.MeanX, grad.MeanY, grad.ConicA, grad.ConicB,
            grad.ConicC, grad.Opacity, grad.Colors, grad.Depth, gradBackground];
    }

    private static (GaussianCompositor Fast, ReferenceRaster Reference, ProjectedGaussiansGradient Gradient, float[] GradBackground) Compare(
        ProjectedGaussians scene, int width, int height, bool imageBackground, ulong seed)
    {
        var pixels = width * height;
        var background = TestScenes.Uniform(seed + 1, imageBackground ? 3 * pixels : 3, 0, 1);
        var dColor = TestScenes.Uniform(seed + 2, 3 * pixels, -1, 1);
        var dAlpha = TestScenes.Uniform(seed + 3, pixels, -1, 1);
        var dDepth = TestScenes.Uniform(seed + 4, pixels, -0.3, 0.3);
        var fast = new GaussianCompositor();
        fast.Forward(scene, width, height, background);
        var gradient = new ProjectedGaussiansGradient(scene.Count);
        var gradBackground = new float[background.Length];
        fast.Backward(dColor, dAlpha, dDepth, gradient, gradBackground);

        var refScene = ReferenceProjected.From(scene);
        var bg = TestScenes.ToDouble(background);
        var reference = ReferenceCompositor.Forward(refScene, width, height, bg);
        var refGrad = ReferenceCompositor.Backward(refScene, width, height, bg, TestScenes.ToDouble(dColor), TestScenes.ToDouble(dAlpha), TestScenes.ToDouble(dDepth));

        AssertPsnr(fast.Color, reference.Color, "colour");
        AssertPsnr(fast.Alpha, reference.Alpha, "alpha");
        AssertPsnr(fast.Depth, reference.Depth, "depth");
        Assert.That(fast.ContributorCount, Is.EqualTo(reference.ContributorCount).AsCollection, "contributor count");
        var fastFields = new Dictionary<string, float[]>
        {
            ["MeanX"] = gradient.MeanX, ["MeanY"] = gradient.MeanY, ["Depth"] = gradient.Depth, ["ConicA"] = gradient.ConicA,
            ["ConicB"] = gradient.ConicB, ["ConicC"] = gradient.ConicC, ["Opacity"] = gradient.Opacity, ["Colors"] = gradient.Colors,
        };
        foreach (var (name, expected) in refGrad.Gaussians.NamedFields())
        {
            AssertClose(fastFields[name], expected, name);
        }

        AssertClose(gradBackground, refGrad.Background, "Background");
        return (fast, reference, gradient, gradBackground);
    }

    private static void AssertPsnr(float[] actual, double[] expected, string label)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), label);
        var peak = Math.Max(1, expected.Select(Math.Abs).DefaultIfEmpty().Max());
        var mse = actual.Select((v, i) => (v - expected[i]) * (v - expected[i])).Average();
        var psnr = mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(peak * peak / mse);
        Assert.That(psnr, Is.GreaterThanOrEqualTo(MinPsnr), $"{label} PSNR");
    }

    private static void AssertClose(float[] actual, double[] expected, string label)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), label);
        var scale = expected.Select(Math.Abs).DefaultIfEmpty().Max();
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.That(Math.Abs(actual[i] - expected[i]), Is.LessThanOrEqualTo((GradTol * scale) + 1e-6),
                $"∂L/∂{label}[{i}]: fast {actual[i]:R}, reference {expected[i]:R} (field max {scale:G4})");
        }
    }
}
