using NUnit.Framework;
using Research.Splatting.Cameras;
using Research.Splatting.Rasterization;
using Research.Tensors.Threading;

namespace Research.Splatting.Tests.Rasterization;

[TestFixture]
public sealed class GaussianProjectionTests
{
    private static readonly string[] OutputNames = ["MeanX", "MeanY", "Depth", "ConicA", "ConicB", "ConicC", "Opacity", "Colors"];
    private static readonly string[] InputNames = ["Means", "Scales", "Rotations", "Opacities", "Shs"];

    /// <summary>
    /// Appends hand-placed Gaussians: x clamped (x/z = 1.6·tan, large, visible), y clamped (−1.5·tan), a red channel
    /// clamped at 0, then three culled ones (behind the camera, z = 0.15 ≤ 0.2, off-screen with an empty tile rect).
    /// </summary>
    internal static ReferenceProjectionInputs WithSpecials(Camera camera, ReferenceProjectionInputs scene)
    {
        var tanX = camera.Width / (2 * camera.Fx);
        var tanY = camera.Height / (2 * camera.Fy);
        (double X, double Y, double Z, double Scale)[] extra =
        [
            (1.6 * tanX * 2, 0.1, 2, 0.5),
            (0.2, -1.5 * tanY * 2.5, 2.5, 0.4),
            (0.1, 0.1, 1.5, 0.05),
            (0.1, 0.1, -1, 0.05),
            (0.0, 0.0, 0.15, 0.05),
            (3 * tanX * 2, 0, 2, 0.01),
        ];
        var n0 = scene.Count;
        var n = n0 + extra.Length;
        var k = scene.ShCoefficients;
        var means = new double[n * 3];
        var scales = new double[n * 3];
        var rotations = new double[n * 4];
        var opacities = new double[n];
        var shs = new double[n * k * 3];
        scene.Means.CopyTo(means, 0);
        scene.Scales.CopyTo(scales, 0);
        scene.Rotations.CopyTo(rotations, 0);
        scene.Opacities.CopyTo(opacities, 0);
        scene.Shs.CopyTo(shs, 0);
        var rng = new Research.Tensors.Randomness.Rng(99);
        for (var e = 0; e < extra.Length; e++)
        {
            var i = n0 + e;
            var p = ProjectionScenes.FromView(camera, extra[e].X, extra[e].Y, extra[e].Z);
            (means[3 * i], means[(3 * i) + 1], means[(3 * i) + 2]) = (p.X, p.Y, p.Z);
            scales[3 * i] = extra[e].Scale;
            scales[(3 * i) + 1] = extra[e].Scale * 0.7;
            scales[(3 * i) + 2] = extra[e].Scale * 1.2;
            ProjectionScenes.SetQuaternion(rotations, i, rng);
            opacities[i] = 0.5;
            for (var j = 0; j < k * 3; j++)
            {
                shs[(i * k * 3) + j] = j < 3 ? 0.7 : 0.05 * rng.NextNormal();
            }
        }

        shs[(n0 + 2) * k * 3] = -3; // red of the third extra: 0.5 − 0.85 + small < 0
        return ProjectionScenes.RoundToFloat(new ReferenceProjectionInputs(means, scales, rotations, opacities, shs, scene.ShDegree));
    }

    private static double Loss(ReferenceProjected p, ReferenceProjectedGradient w)
    {
        var s = 0.0;
        var pf = p.Fields();
        var wf = w.Fields();
        for (var f = 0; f < pf.Length; f++)
        {
            for (var j = 0; j < pf[f].Length; j++)
            {
                s += pf[f][j] * wf[f][j];
            }
        }

        return s;
    }

    [Test]
    public void ReferenceBackwardMatchesFiniteDifferences([Values(0, 1, 2, 3)] int degree)
    {
        // Loss = Σ w·(every output field); central differences h = 1e-6; tolerance 1e-6·(1 + |analytic|).
        var camera = ProjectionScenes.RotatedCamera();
        var inputs = WithSpecials(camera, ProjectionScenes.Random(camera, 5, degree, (ulong)(10 + degree))) with { ScaleModifier = degree == 1 ? 0.8 : 1 };
        var weights = ProjectionScenes.RandomGradient(inputs.Count, 7);
        var forward = ReferenceProjection.Forward(camera, inputs);
        Assert.That(forward.Radii[^6..], Is.EqualTo(new[] { forward.Radii[^6], forward.Radii[^5], forward.Radii[^4], 0, 0, 0 }));
        Assert.That(forward.Radii[..^3], Has.All.GreaterThan(0));
        var analytic = ReferenceProjection.Backward(camera, inputs, weights);
        const double h = 1e-6;
        var checkedCount = 0;
        for (var group = 0; group < 5; group++)
        {
            var a = analytic.Group(group);
            for (var j = 0; j < a.Length; j++)
            {
                // The two specials beyond 1.3·tan(FoV/2) follow 3DGS's convention (the clamped coordinate is a
                // constant), which is not the exact derivative of their means; everything else of theirs is.
                if (group == 0 && j / 3 >= inputs.Count - 6 && j / 3 < inputs.Count - 4)
                {
                    continue;
                }

                var plus = inputs.DeepCopy();
                plus.Group(group)[j] += h;
                var minus = inputs.DeepCopy();
                minus.Group(group)[j] -= h;
                var fp = ReferenceProjection.Forward(camera, plus);
                var fm = ReferenceProjection.Forward(camera, minus);
                Assert.That(fp.Radii.Select(r => r > 0), Is.EqualTo(forward.Radii.Select(r => r > 0)), "culling changed under the perturbation");
                var fd = (Loss(fp, weights) - Loss(fm, weights)) / (2 * h);
                Assert.That(a[j], Is.EqualTo(fd).Within(1e-6 * (1 + Math.Abs(fd))), $"{InputNames[group]}[{j}] degree {degree}");
                checkedCount++;
            }
        }

        Assert.That(checkedCount, Is.GreaterThan(0));
    }

    [Test]
    public void FastPathMatchesReference([Values(0, 1, 2, 3)] int degree, [Values(0, 5, 300)] int randomCount)
    {
        // Counts 6, 11 and 306 put the special Gaussians in the scalar tail, in both, and in a SIMD block.
        var camera = ProjectionScenes.RotatedCamera();
        var inputs = WithSpecials(camera, ProjectionScenes.Random(camera, randomCount, degree, (ulong)(20 + degree))) with { ScaleModifier = degree == 2 ? 1.25 : 1 };
        var dRef = ProjectionScenes.RandomGradient(inputs.Count, 8);
        var reference = ReferenceProjection.Forward(camera, inputs);
        var referenceGrad = ReferenceProjection.Backward(camera, inputs, dRef);

        var fastInputs = inputs.ToFloat();
        var fast = new ProjectedGaussians(inputs.Count);
        GaussianProjection.Forward(camera, fastInputs, fast);
        Assert.That(fast.Radii, Is.EqualTo(reference.Radii));
        float[][] fastFields = [fast.MeanX, fast.MeanY, fast.Depth, fast.ConicA, fast.ConicB, fast.ConicC, fast.Opacity, fast.Colors];
        var refFields = reference.Fields();
        for (var f = 0; f < refFields.Length; f++)
        {
            for (var j = 0; j < refFields[f].Length; j++)
            {
                // Forward: relative 2e-5 (pixel coordinates, depth, conics and colours are O(1..100)).
                Assert.That(fastFields[f][j], Is.EqualTo(refFields[f][j]).Within(2e-5 * (1 + Math.Abs(refFields[f][j]))), $"{OutputNames[f]}[{j}]");
            }
        }

        var grads = CompareBackward(camera, inputs, fastInputs, fast, dRef, referenceGrad);

        // Again with gradient on the conics only, so the covariance path (incl. the clamped Jacobian) is not drowned
        // by the pixel-centre and colour terms.
        var conicOnly = ProjectionScenes.RandomGradient(inputs.Count, 8);
        foreach (var field in new[] { conicOnly.MeanX, conicOnly.MeanY, conicOnly.Depth, conicOnly.Opacity, conicOnly.Colors })
        {
            Array.Clear(field);
        }

        CompareBackward(camera, inputs, fastInputs, fast, conicOnly, ReferenceProjection.Backward(camera, inputs, conicOnly));

        for (var j = 0; j < referenceGrad.MeansNdc.Length; j++)
        {
            Assert.That(grads.MeansNdc[j], Is.EqualTo(referenceGrad.MeansNdc[j]).Within(1e-5 * (1 + Math.Abs(referenceGrad.MeansNdc[j]))));
        }
    }

    private static ProjectionGradients CompareBackward(Camera camera, ReferenceProjectionInputs inputs, ProjectionInputs fastInputs, ProjectedGaussians fast, ReferenceProjectedGradient d, ReferenceProjectionGradients referenceGrad)
    {
        var grads = new ProjectionGradients(inputs.Count, inputs.ShCoefficients);
        GaussianProjection.Backward(camera, fastInputs, fast, d.ToFloat(), grads);
        float[][] fastGroups = [grads.Means, grads.Scales, grads.Rotations, grads.Opacities, grads.Shs];
        for (var group = 0; group < 5; group++)
        {
            var r = referenceGrad.Group(group);
            var scale = r.Max(Math.Abs);
            for (var j = 0; j < r.Length; j++)
            {
                // Backward: 5e-4 relative, floored at 1e-3 of the group's largest magnitude (float32 cancellation).
                Assert.That(fastGroups[group][j], Is.EqualTo(r[j]).Within(5e-4 * (Math.Abs(r[j]) + (1e-3 * scale))), $"{InputNames[group]}[{j}]");
            }
        }

        return grads;
    }

    [Test]
    public void CulledGaussiansHaveZeroOutputsAndGradients()
    {
        var camera = ProjectionScenes.RotatedCamera();
        var inputs = WithSpecials(camera, ProjectionScenes.Random(camera, 2, 3, 5));
        var fastInputs = inputs.ToFloat();
        var fast = new ProjectedGaussians(inputs.Count);
        var grads = new ProjectionGradients(inputs.Count, inputs.ShCoefficients);

        // Fill with garbage first: the stages must overwrite every entry.
        Array.Fill(fast.MeanX, 7f);
        Array.Fill(fast.Colors, 7f);
        Array.Fill(grads.Means, 7f);
        Array.Fill(grads.Shs, 7f);
        Array.Fill(grads.MeansNdc, 7f);
        GaussianProjection.Forward(camera, fastInputs, fast);
        var d = ProjectionScenes.RandomGradient(inputs.Count, 3).ToFloat();
        GaussianProjection.Backward(camera, fastInputs, fast, d, grads);
        var k3 = inputs.ShCoefficients * 3;
        for (var i = inputs.Count - 3; i < inputs.Count; i++)
        {
            Assert.That(fast.Radii[i], Is.Zero, $"Gaussian {i}");
            Assert.That(new[] { fast.MeanX[i], fast.MeanY[i], fast.Depth[i], fast.ConicA[i], fast.Opacity[i], fast.Colors[3 * i] }, Has.All.Zero);
            Assert.That(grads.Means.Skip(3 * i).Take(3).Concat(grads.Scales.Skip(3 * i).Take(3)).Concat(grads.Rotations.Skip(4 * i).Take(4)), Has.All.Zero);
            Assert.That(grads.Shs.Skip(i * k3).Take(k3).Concat(grads.MeansNdc.Skip(2 * i).Take(2)), Has.All.Zero);
            Assert.That(grads.Opacities[i], Is.Zero);
        }

        // The clamped-x and clamped-y Gaussians are visible.
        Assert.That(fast.Radii[inputs.Count - 6], Is.GreaterThan(0));
        Assert.That(fast.Radii[inputs.Count - 5], Is.GreaterThan(0));
    }

    [Test]
    public void ColourClampsAtZeroAndStopsItsGradient()
    {
        var camera = ProjectionScenes.RotatedCamera();
        var inputs = WithSpecials(camera, ProjectionScenes.Random(camera, 1, 2, 6));
        var i = inputs.Count - 4;
        var fastInputs = inputs.ToFloat();
        var fast = new ProjectedGaussians(inputs.Count);
        GaussianProjection.Forward(camera, fastInputs, fast);
        Assert.That(fast.Colors[3 * i], Is.Zero);
        Assert.That(fast.Colors[(3 * i) + 1], Is.GreaterThan(0));
        var grads = new ProjectionGradients(inputs.Count, inputs.ShCoefficients);
        GaussianProjection.Backward(camera, fastInputs, fast, ProjectionScenes.RandomGradient(inputs.Count, 4).ToFloat(), grads);
        var k = inputs.ShCoefficients;
        for (var b = 0; b < k; b++)
        {
            Assert.That(grads.Shs[(((i * k) + b) * 3) + 0], Is.Zero, $"red coefficient {b}");
            Assert.That(grads.Shs[(((i * k) + b) * 3) + 1], Is.Not.Zero, $"green coefficient {b}");
        }
    }

    [Test]
    public void LowDegreeUsesOnlyItsCoefficientsAndZeroesTheRest([Values(0, 1)] int degree)
    {
        var camera = ProjectionScenes.RotatedCamera();
        var inputs = ProjectionScenes.Random(camera, 20, degree, 9, coefficients: 16);
        var fastInputs = inputs.ToFloat();
        var fast = new ProjectedGaussians(inputs.Count);
        GaussianProjection.Forward(camera, fastInputs, fast);
        var grads = new ProjectionGradients(inputs.Count, 16);
        Array.Fill(grads.Shs, 7f); // must be overwritten, also above the active degree
        GaussianProjection.Backward(camera, fastInputs, fast, ProjectionScenes.RandomGradient(inputs.Count, 4).ToFloat(), grads);
        for (var i = 0; i < inputs.Count; i++)
        {
            for (var c = 0; c < 3 && degree == 0; c++)
            {
                Assert.That(fast.Colors[(3 * i) + c], Is.EqualTo(Math.Max(0, (SphericalHarmonics.C0 * fastInputs.Shs[(i * 48) + c]) + 0.5)).Within(1e-6));
            }

            var used = 3 * SphericalHarmonics.CoefficientCount(degree);
            Assert.That(grads.Shs.Skip((i * 48) + used).Take(48 - used), Has.All.Zero);
            Assert.That(grads.Shs.Skip(i * 48).Take(used), Has.None.EqualTo(7f));
        }
    }

    [Test]
    public void PixelCentreAgreesWithCameraProjectAndNdcGradientIsScaled()
    {
        var camera = ProjectionScenes.RotatedCamera();
        var inputs = ProjectionScenes.Random(camera, 30, 1, 12);
        var fastInputs = inputs.ToFloat();
        var fast = new ProjectedGaussians(inputs.Count);
        GaussianProjection.Forward(camera, fastInputs, fast);
        var d = ProjectionScenes.RandomGradient(inputs.Count, 4).ToFloat();
        var grads = new ProjectionGradients(inputs.Count, inputs.ShCoefficients);
        GaussianProjection.Backward(camera, fastInputs, fast, d, grads);
        for (var i = 0; i < inputs.Count; i++)
        {
            var p = camera.ProjectToPixel(inputs.Means[3 * i], inputs.Means[(3 * i) + 1], inputs.Means[(3 * i) + 2]);
            Assert.That(fast.MeanX[i], Is.EqualTo(p.U).Within(1e-3));
            Assert.That(fast.MeanY[i], Is.EqualTo(p.V).Within(1e-3));
            Assert.That(fast.Depth[i], Is.EqualTo(p.Depth).Within(1e-5));
            Assert.That(grads.MeansNdc[2 * i], Is.EqualTo(d.MeanX[i] * 0.5f * camera.Width));
            Assert.That(grads.MeansNdc[(2 * i) + 1], Is.EqualTo(d.MeanY[i] * 0.5f * camera.Height));
        }
    }

    [Test]
    public void ResultsAreIdenticalAcrossThreadCounts()
    {
        var camera = ProjectionScenes.RotatedCamera();
        var inputs = WithSpecials(camera, ProjectionScenes.Random(camera, 3000, 3, 13)).ToFloat();
        var d = ProjectionScenes.RandomGradient(inputs.Count, 4).ToFloat();
        var saved = ComputeThreads.Count;
        try
        {
            float[]? firstForward = null;
            float[]? firstBackward = null;
            foreach (var threads in new[] { 1, 2, 3 })
            {
                ComputeThreads.Count = threads;
                var fast = new ProjectedGaussians(inputs.Count);
                GaussianProjection.Forward(camera, inputs, fast);
                var grads = new ProjectionGradients(inputs.Count, inputs.ShCoefficients);
                GaussianProjection.Backward(camera, inputs, fast, d, grads);
                float[] forward = [.. fast.MeanX, .. fast.MeanY, .. fast.Depth, .. fast.ConicA, .. fast.ConicB, .. fast.ConicC, .. fast.Opacity, .. fast.Colors, .. fast.Radii.Select(r => (float)r)];
                float[] backward = [.. grads.Means, .. grads.Scales, .. grads.Rotations, .. grads.Opacities, .. grads.Shs, .. grads.MeansNdc];
                firstForward ??= forward;
                firstBackward ??= backward;
                Assert.That(forward, Is.EqualTo(firstForward), $"forward, {threads} threads");
                Assert.That(backward, Is.EqualTo(firstBackward), $"backward, {threads} threads");
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Test]
    public void BadInputsNameTheField()
    {
        float[] means = new float[6], scales = new float[6], rotations = new float[8], opacities = new float[2], shs = new float[2 * 4 * 3];
        Assert.That(() => new ProjectionInputs(new float[7], scales, rotations, opacities, shs, 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("means"));
        Assert.That(() => new ProjectionInputs(means, new float[9], rotations, opacities, shs, 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("scales"));
        Assert.That(() => new ProjectionInputs(means, scales, new float[6], opacities, shs, 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("rotations"));
        Assert.That(() => new ProjectionInputs(means, scales, rotations, new float[3], shs, 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("opacities"));
        Assert.That(() => new ProjectionInputs(means, scales, rotations, opacities, new float[2 * 5 * 3], 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("shs"));
        Assert.That(() => new ProjectionInputs(means, scales, rotations, opacities, new float[7], 1), Throws.ArgumentException.With.Property("ParamName").EqualTo("shs"));
        Assert.That(() => new ProjectionInputs(means, scales, rotations, opacities, shs, 2), Throws.ArgumentException.With.Property("ParamName").EqualTo("shDegree").And.Message.Contains("K = 4"));
        Assert.That(() => new ProjectionInputs(means, scales, rotations, opacities, shs, 4), Throws.ArgumentException.With.Property("ParamName").EqualTo("shDegree"));
        Assert.That(() => new ProjectionInputs(means, scales, rotations, opacities, shs, 1, 0f), Throws.ArgumentException.With.Property("ParamName").EqualTo("scaleModifier"));

        var inputs = new ProjectionInputs(means, scales, rotations, opacities, shs, 1);
        var camera = ProjectionScenes.RotatedCamera();
        Assert.That(() => GaussianProjection.Forward(camera, inputs, new ProjectedGaussians(3)), Throws.ArgumentException.With.Property("ParamName").EqualTo("output"));
        var projected = new ProjectedGaussians(2);
        Assert.That(() => GaussianProjection.Backward(camera, inputs, projected, new ProjectedGaussiansGradient(2), new ProjectionGradients(2, 9)), Throws.ArgumentException.With.Property("ParamName").EqualTo("output"));
    }
}
