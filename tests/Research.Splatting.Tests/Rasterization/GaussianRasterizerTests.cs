using NUnit.Framework;
using Research.Splatting.Cameras;
using Research.Splatting.Rasterization;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Splatting.Tests.Rasterization;

/// <summary>
/// The whole rasterizer (<see cref="GaussianRasterizer"/>: projection, SH, binning, compositing and both backward
/// kernels behind one autograd op) against the float64 end-to-end reference renderer — <see cref="ReferenceProjection"/>
/// chained into <see cref="ReferenceCompositor"/>, which loops over every Gaussian per pixel — plus end-to-end
/// finite differences of that reference, determinism and argument checks.
/// </summary>
public class GaussianRasterizerTests
{
    private const int Width = 37;
    private const int Height = 29;

    // Gradients: |fast − reference| ≤ 2e-3 · max|reference| of that input + 1e-6 (float32 accumulation over pixels).
    private const double GradientTolerance = 2e-3;

    private static Camera Camera => Camera.Create(Width, Height, 40, 42, 18.5, 14.5, Matrix4d.Identity);

    [TestCase(0, false)]
    [TestCase(1, true)]
    [TestCase(2, false)]
    [TestCase(3, true)]
    public void ForwardMatchesReferenceRenderer(int degree, bool perPixelBackground)
    {
        var scene = Scene.Random(11 + (ulong)degree, 60, degree, perPixelBackground);
        var fast = Render(scene);
        var reference = ReferenceRender(scene);

        Assert.That(Psnr(fast.Color.ToArray(), reference.Color, 1), Is.GreaterThanOrEqualTo(60), "colour");
        Assert.That(Psnr(fast.Alpha.ToArray(), reference.Alpha, 1), Is.GreaterThanOrEqualTo(60), "alpha");
        var maxDepth = reference.Depth.Max();
        Assert.That(Psnr(fast.Depth.ToArray(), reference.Depth, maxDepth), Is.GreaterThanOrEqualTo(60), "depth");
        Assert.That(fast.Radii, Is.EqualTo(ReferenceProjection.Forward(Camera, scene.ToReference()).Radii));
        Assert.That(fast.Visible.Count(v => v), Is.GreaterThan(40), "most Gaussians should be visible");
        Assert.That(fast.Visible.Count(v => !v), Is.GreaterThanOrEqualTo(2), "the culled ones (behind, near plane)");
    }

    [TestCase(0, false)]
    [TestCase(3, true)]
    public void GradientsMatchReferenceRenderer(int degree, bool perPixelBackground)
    {
        var scene = Scene.Random(21 + (ulong)degree, 40, degree, perPixelBackground);
        var rng = new Rng(5);
        var wc = Random(rng, 3 * Width * Height);
        var wa = Random(rng, Width * Height);
        var wd = Random(rng, Width * Height);

        var inputs = scene.Leaves();
        var background = Leaf(scene.Background, scene.BackgroundShape);
        var fast = GaussianRasterizer.Render(Camera, inputs, background);
        Loss(fast, wc, wa, wd).Backward();

        var r = scene.ToReference();
        var projected = ReferenceProjection.Forward(Camera, r);
        var gaussians = projected;
        var dRaster = ReferenceCompositor.Backward(gaussians, Width, Height, scene.BackgroundDouble, wc, wa, wd);
        var dInputs = ReferenceProjection.Backward(Camera, r, dRaster.Gaussians);

        Compare(inputs.Means.Grad!, dInputs.Means, "means");
        Compare(inputs.Scales.Grad!, dInputs.Scales, "scales");
        Compare(inputs.Rotations.Grad!, dInputs.Rotations, "rotations");
        Compare(inputs.Opacities.Grad!, dInputs.Opacities, "opacities");
        Compare(inputs.Features.Grad!, dInputs.Shs, "SH features");
        Compare(background.Grad!, dRaster.Background, "background");
        Compare(Tensor.FromArray(fast.ViewspaceGradients, fast.ViewspaceGradients.Length), dInputs.MeansNdc, "viewspace (NDC) mean gradients");
    }

    [Test]
    public void ReferenceRendererMatchesFiniteDifferencesEndToEnd()
    {
        // Few, soft Gaussians so no α or T threshold is crossed by a ±h step.
        var scene = Scene.Random(31, 6, 2, perPixelBackground: true, opacityMax: 0.6);
        var rng = new Rng(8);
        var wc = Random(rng, 3 * Width * Height);
        var wa = Random(rng, Width * Height);
        var wd = Random(rng, Width * Height);
        var r = scene.ToReference();
        var background = scene.BackgroundDouble;
        double Objective(ReferenceProjectionInputs x, double[] bg)
        {
            var raster = ReferenceCompositor.Forward(ReferenceProjection.Forward(Camera, x), Width, Height, bg);
            return Dot(raster.Color, wc) + Dot(raster.Alpha, wa) + Dot(raster.Depth, wd);
        }

        var dRaster = ReferenceCompositor.Backward(ReferenceProjection.Forward(Camera, r), Width, Height, background, wc, wa, wd);
        var analytic = ReferenceProjection.Backward(Camera, r, dRaster.Gaussians);
        const double h = 1e-6;
        string[] names = ["means", "scales", "rotations", "opacities", "shs"];
        for (var group = 0; group < names.Length; group++)
        {
            var values = r.Group(group);
            var grads = analytic.Group(group);
            for (var j = 0; j < values.Length; j += Math.Max(1, values.Length / 40))
            {
                var plus = r.DeepCopy();
                plus.Group(group)[j] += h;
                var minus = r.DeepCopy();
                minus.Group(group)[j] -= h;
                var fd = (Objective(plus, background) - Objective(minus, background)) / (2 * h);
                Assert.That(grads[j], Is.EqualTo(fd).Within(1e-5 * (1 + Math.Abs(fd))), $"{names[group]}[{j}]");
            }
        }

        for (var j = 0; j < background.Length; j += 97)
        {
            var plus = (double[])background.Clone();
            plus[j] += h;
            var minus = (double[])background.Clone();
            minus[j] -= h;
            var fd = (Objective(r, plus) - Objective(r, minus)) / (2 * h);
            Assert.That(dRaster.Background[j], Is.EqualTo(fd).Within(1e-5 * (1 + Math.Abs(fd))), $"background[{j}]");
        }
    }

    [Test]
    public void ResultsAreBitIdenticalAcrossRunsAndThreadCounts()
    {
        var scene = Scene.Random(41, 80, 3, perPixelBackground: false);
        var saved = ComputeThreads.Count;
        try
        {
            float[][]? first = null;
            foreach (var threads in new[] { 1, 2, 2, 3 })
            {
                ComputeThreads.Count = threads;
                var inputs = scene.Leaves();
                var render = GaussianRasterizer.Render(Camera, inputs, Tensor.FromArray(scene.Background, scene.BackgroundShape));
                render.Color.Sum().Backward();
                float[][] outputs = [render.Color.ToArray(), render.Alpha.ToArray(), render.Depth.ToArray(), inputs.Means.Grad!.ToArray(), inputs.Features.Grad!.ToArray(), inputs.Scales.Grad!.ToArray(), inputs.Rotations.Grad!.ToArray(), inputs.Opacities.Grad!.ToArray(), render.ViewspaceGradients];
                first ??= outputs;
                for (var i = 0; i < outputs.Length; i++)
                {
                    Assert.That(outputs[i], Is.EqualTo(first[i]), $"output {i} with {threads} threads");
                }
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Test]
    public void SeveralRendersBeforeOneBackwardKeepTheirOwnState()
    {
        var a = Scene.Random(51, 30, 1, perPixelBackground: false);
        var b = Scene.Random(52, 50, 1, perPixelBackground: false);
        var (ga, gb) = (a.Leaves(), b.Leaves());
        var bg = Tensor.FromArray(a.Background, a.BackgroundShape);
        var ra = GaussianRasterizer.Render(Camera, ga, bg);
        var rb = GaussianRasterizer.Render(Camera, gb, bg);
        ra.Color.Sum().Add(rb.Color.Sum()).Backward();

        var alone = a.Leaves();
        GaussianRasterizer.Render(Camera, alone, bg).Color.Sum().Backward();
        Assert.That(ga.Means.Grad!.ToArray(), Is.EqualTo(alone.Means.Grad!.ToArray()));
        Assert.That(ga.Features.Grad!.ToArray(), Is.EqualTo(alone.Features.Grad!.ToArray()));
    }

    [Test]
    public void ImageOrientationFollowsTheOpenGlCamera()
    {
        // One opaque white splat up and to the right (GL: +x right, +y up, camera looks down −z) over black.
        var inputs = new GaussianRenderInputs(
            Tensor.FromArray([0.5f, 0.4f, -2f], 1, 3),
            Tensor.FromArray([(float)((1 - 0.5) / 0.28209479177387814), (float)(0.5 / 0.28209479177387814), (float)(0.5 / 0.28209479177387814)], 1, 1, 3),
            Tensor.FromArray([0.9f], 1, 1),
            Tensor.FromArray([0.05f, 0.05f, 0.05f], 1, 3),
            Tensor.FromArray([1f, 0f, 0f, 0f], 1, 4),
            0);
        using var _ = new NoGrad();
        var color = GaussianRasterizer.Render(Camera, inputs, Tensor.Zeros<float>(3)).Color.ToArray();
        var brightest = Array.IndexOf(color, color.Take(Width * Height).Max());
        var (x, y) = (brightest % Width, brightest / Width);
        Assert.That(x, Is.EqualTo((int)Math.Round(18.5 + (40 * 0.5 / 2))).Within(1), "right of centre");
        Assert.That(y, Is.EqualTo((int)Math.Round(14.5 - (42 * 0.4 / 2))).Within(1), "above centre (image rows grow downwards)");
    }

    [Test]
    public void NoGradRenderRecordsNothing()
    {
        var scene = Scene.Random(61, 20, 0, perPixelBackground: false);
        var inputs = scene.Leaves();
        RenderResult render;
        using (new NoGrad())
        {
            render = GaussianRasterizer.Render(Camera, inputs, Tensor.FromArray(scene.Background, scene.BackgroundShape));
        }

        Assert.That(render.Color.RequiresGrad, Is.False);
        Assert.That(render.Color.Shape, Is.EqualTo(new[] { 3, Height, Width }));
        Assert.That(render.Alpha.Shape, Is.EqualTo(new[] { 1, Height, Width }));
        Assert.That(render.Depth.Shape, Is.EqualTo(new[] { 1, Height, Width }));
    }

    [Test]
    public void BadShapesNameTheTensor()
    {
        var scene = Scene.Random(71, 5, 1, perPixelBackground: false);
        var good = scene.Leaves();
        var bg = Tensor.FromArray(scene.Background, scene.BackgroundShape);
        Assert.That(() => GaussianRasterizer.Render(Camera, good with { Means = Tensor.Zeros<float>(5, 2) }, bg), Throws.ArgumentException.With.Message.Contains("means"));
        Assert.That(() => GaussianRasterizer.Render(Camera, good with { Scales = Tensor.Zeros<float>(4, 3) }, bg), Throws.ArgumentException.With.Message.Contains("scales"));
        Assert.That(() => GaussianRasterizer.Render(Camera, good with { ShDegree = 2 }, bg), Throws.ArgumentException.With.Message.Contains("features"));
        Assert.That(() => GaussianRasterizer.Render(Camera, good with { Rotations = Tensor.Zeros<float>(5, 3) }, bg), Throws.ArgumentException.With.Message.Contains("rotations"));
        Assert.That(() => GaussianRasterizer.Render(Camera, good, Tensor.Zeros<float>(3, 4, 4)), Throws.ArgumentException.With.Message.Contains("background"));
    }

    private static RenderResult Render(Scene scene)
    {
        using var _ = new NoGrad();
        return GaussianRasterizer.Render(Camera, scene.Leaves(), Tensor.FromArray(scene.Background, scene.BackgroundShape));
    }

    private static ReferenceRaster ReferenceRender(Scene scene) =>
        ReferenceCompositor.Forward(ReferenceProjection.Forward(Camera, scene.ToReference()), Width, Height, scene.BackgroundDouble);

    private static Tensor<float> Loss(RenderResult r, double[] wc, double[] wa, double[] wd) =>
        r.Color.Mul(Tensor.FromArray([.. wc.Select(v => (float)v)], 3, Height, Width)).Sum()
            .Add(r.Alpha.Mul(Tensor.FromArray([.. wa.Select(v => (float)v)], 1, Height, Width)).Sum())
            .Add(r.Depth.Mul(Tensor.FromArray([.. wd.Select(v => (float)v)], 1, Height, Width)).Sum());

    private static void Compare(Tensor<float> fast, double[] reference, string what)
    {
        var f = fast.ToArray();
        Assert.That(f.Length, Is.EqualTo(reference.Length), what);
        var scale = reference.Max(Math.Abs);
        Assert.That(scale, Is.GreaterThan(0), $"{what}: the reference gradient should not vanish");
        for (var i = 0; i < f.Length; i++)
        {
            Assert.That(f[i], Is.EqualTo(reference[i]).Within((GradientTolerance * scale) + 1e-6), $"{what}[{i}]");
        }
    }

    private static double Psnr(float[] a, double[] b, double peak)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        var mse = sum / a.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(peak * peak / mse);
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static double[] Random(Rng rng, int n) => [.. Enumerable.Range(0, n).Select(_ => rng.NextUniform(-1, 1))];

    private static Tensor<float> Leaf(float[] values, int[] shape)
    {
        var t = Tensor.FromArray(values, shape);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>A random scene in front of <see cref="Camera"/> (plus one Gaussian behind it and one inside the near plane).</summary>
    private sealed record Scene(float[] Means, float[] Features, float[] Opacities, float[] Scales, float[] Rotations, int Degree, float[] Background, int[] BackgroundShape)
    {
        public int Count => Opacities.Length;

        public double[] BackgroundDouble => [.. Background.Select(v => (double)v)];

        public static Scene Random(ulong seed, int count, int degree, bool perPixelBackground, double opacityMax = 0.8)
        {
            var rng = new Rng(seed);
            var k = (degree + 1) * (degree + 1);
            var means = new float[count * 3];
            var features = new float[count * k * 3];
            var opacities = new float[count];
            var scales = new float[count * 3];
            var rotations = new float[count * 4];
            for (var i = 0; i < count; i++)
            {
                // GL camera at the origin looks down −z.
                means[(3 * i) + 0] = (float)rng.NextUniform(-0.9, 0.9);
                means[(3 * i) + 1] = (float)rng.NextUniform(-0.7, 0.7);
                means[(3 * i) + 2] = (float)rng.NextUniform(-2.6, -1.4);
                for (var a = 0; a < 3; a++)
                {
                    scales[(3 * i) + a] = (float)rng.NextUniform(0.02, 0.1);
                }

                double w = rng.NextNormal(), x = rng.NextNormal(), y = rng.NextNormal(), z = rng.NextNormal();
                var norm = Math.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
                (rotations[4 * i], rotations[(4 * i) + 1], rotations[(4 * i) + 2], rotations[(4 * i) + 3]) = ((float)(w / norm), (float)(x / norm), (float)(y / norm), (float)(z / norm));
                opacities[i] = (float)rng.NextUniform(0.1, opacityMax);
                for (var j = 0; j < k * 3; j++)
                {
                    features[(i * k * 3) + j] = (float)((j < 3 ? 0.8 : 0.3) * rng.NextNormal());
                }
            }

            if (count >= 2)
            {
                means[2] = 1.5f;          // behind the camera
                means[5] = -0.15f;        // view z 0.15 ≤ 0.2: culled
            }

            int[] shape = perPixelBackground ? [3, Height, Width] : [3];
            var background = new float[shape.Aggregate(1, (p, d) => p * d)];
            for (var i = 0; i < background.Length; i++)
            {
                background[i] = (float)rng.NextDouble();
            }

            return new Scene(means, features, opacities, scales, rotations, degree, background, shape);
        }

        public GaussianRenderInputs Leaves() => new(
            Leaf(Means, [Count, 3]), Leaf(Features, [Count, (Degree + 1) * (Degree + 1), 3]), Leaf(Opacities, [Count, 1]), Leaf(Scales, [Count, 3]), Leaf(Rotations, [Count, 4]), Degree);

        public ReferenceProjectionInputs ToReference() =>
            new(D(Means), D(Scales), D(Rotations), D(Opacities), D(Features), Degree);

        private static double[] D(float[] a) => [.. a.Select(v => (double)v)];
    }
}
