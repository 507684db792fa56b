using NUnit.Framework;
using Research.Splatting.Rasterization;

namespace Research.Splatting.Tests.Rasterization;

[TestFixture]
public sealed class SphericalHarmonicsTests
{
    [Test]
    public void DegreeOneMatchesTheClosedForm()
    {
        // colour = C0·c0 − C1·y·c1 + C1·z·c2 − C1·x·c3 + 0.5 along the unit direction (3DGS signs).
        float[] c = [0.1f, 0.2f, 0.3f, 0.4f, -0.5f, 0.6f, -0.7f, 0.8f, 0.9f, 1.0f, -1.1f, 1.2f];
        Span<float> rgb = stackalloc float[3];
        SphericalHarmonics.Evaluate(1, c, 2, -1, 2, rgb);
        double x = 2 / 3.0, y = -1 / 3.0, z = 2 / 3.0;
        for (var ch = 0; ch < 3; ch++)
        {
            var expected = (SphericalHarmonics.C0 * c[ch]) - (SphericalHarmonics.C1 * y * c[3 + ch]) + (SphericalHarmonics.C1 * z * c[6 + ch]) - (SphericalHarmonics.C1 * x * c[9 + ch]) + 0.5;
            Assert.That(rgb[ch], Is.EqualTo(Math.Max(0, expected)).Within(1e-6), $"channel {ch}");
        }
    }

    [Test]
    public void DirectionGradientMatchesFiniteDifferencesInFloat([Values(1, 2, 3)] int degree)
    {
        // Float32 central differences (h = 1e-2 on a direction of length ~3): tolerance 2e-3 absolute.
        var rng = new Research.Tensors.Randomness.Rng(5);
        var c = new float[48];
        for (var j = 0; j < c.Length; j++)
        {
            c[j] = (float)(j < 3 ? 1 + (0.2 * rng.NextNormal()) : 0.3 * rng.NextNormal());
        }

        float[] dRgb = [0.7f, -0.4f, 0.9f];
        float[] dir = [1.1f, -2.0f, 2.3f];
        var dCoef = new float[48];
        var dDir = new float[3];
        SphericalHarmonics.Backward(degree, c, dir[0], dir[1], dir[2], dRgb, dCoef, dDir);
        Span<float> plus = stackalloc float[3];
        Span<float> minus = stackalloc float[3];
        for (var a = 0; a < 3; a++)
        {
            var p = (float[])dir.Clone();
            var m = (float[])dir.Clone();
            p[a] += 1e-2f;
            m[a] -= 1e-2f;
            SphericalHarmonics.Evaluate(degree, c, p[0], p[1], p[2], plus);
            SphericalHarmonics.Evaluate(degree, c, m[0], m[1], m[2], minus);
            var fd = 0.0;
            for (var ch = 0; ch < 3; ch++)
            {
                fd += dRgb[ch] * (plus[ch] - minus[ch]) / 2e-2;
            }

            Assert.That(dDir[a], Is.EqualTo(fd).Within(2e-3), $"axis {a}");
        }

        Assert.That(dCoef.Skip(3 * SphericalHarmonics.CoefficientCount(degree)), Has.All.Zero);
    }

    [Test]
    public void ShortSpansAndBadDegreesThrow()
    {
        var rgb = new float[3];
        Assert.That(() => SphericalHarmonics.Evaluate(2, new float[26], 0, 0, 1, rgb), Throws.ArgumentException);
        Assert.That(() => SphericalHarmonics.Evaluate(4, new float[75], 0, 0, 1, rgb), Throws.ArgumentException.With.Property("ParamName").EqualTo("degree"));
        Assert.That(() => SphericalHarmonics.Backward(1, new float[12], 0, 0, 1, rgb, new float[11], new float[3]), Throws.ArgumentException.With.Property("ParamName").EqualTo("dCoefficients"));
    }
}
