using NUnit.Framework;
using Research.Tensors.Kernels;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;

namespace Research.Tensors.Tests.Optim;

/// <summary>
/// The vectorised fp32 Adam update against a naive scalar twin of the documented formula. Tolerance: none — the fast
/// path does the same IEEE operations per lane, so every bit must match (odd lengths exercise the scalar tail).
/// </summary>
public class AdamKernelTests
{
    [TestCase(1, 0)]
    [TestCase(15, 1)]
    [TestCase(16, 2)]
    [TestCase(17, 0)]
    [TestCase(47, 1)]
    [TestCase(1003, 2)]
    public void KernelMatchesScalarTwinBitForBit(int length, int decayMode)
    {
        var rng = new Rng((ulong)((length * 3) + decayMode));
        var p = Random(rng, length, -2, 2);
        var g = Random(rng, length, -1, 1);
        var m = Random(rng, length, -0.1, 0.1);
        var v = Random(rng, length, 0, 0.01);
        g[0] = 0;
        var c = new AdamKernel.Coefficients(0.9f, 0.99f, 0.1f, 0.01f, 0.01f, 1f - (5e-3f * 0.01f), 5e-3f / 0.19f, MathF.Sqrt(1 - (0.99f * 0.99f)), 1e-15f, decayMode == 1, decayMode == 2);
        var (p2, m2, v2) = ((float[])p.Clone(), (float[])m.Clone(), (float[])v.Clone());
        AdamKernel.Update(p, g, m, v, c);
        ScalarTwin(p2, g, m2, v2, c);
        Assert.That(Bits(p), Is.EqualTo(Bits(p2)).AsCollection, "p");
        Assert.That(Bits(m), Is.EqualTo(Bits(m2)).AsCollection, "m");
        Assert.That(Bits(v), Is.EqualTo(Bits(v2)).AsCollection, "v");
    }

    [Test]
    public void AdamFloatStepsMatchScalarTwinOnStridedGroups()
    {
        // Several steps of Adam<float> (AdamW, weight decay) on odd shapes against the scalar twin run by hand.
        var rng = new Rng(5);
        var shapes = new[] { new[] { 37, 3 }, new[] { 1 }, new[] { 5, 7, 3 } };
        var parameters = shapes.Select(s => Tensor.Uniform(rng, -1f, 1f, s)).ToArray();
        foreach (var t in parameters)
        {
            t.RequiresGrad = true;
        }

        var expected = parameters.Select(t => t.ToArray()).ToArray();
        var ms = expected.Select(e => new float[e.Length]).ToArray();
        var vs = expected.Select(e => new float[e.Length]).ToArray();
        const double lr = 3e-3, wd = 0.02;
        var adam = new Adam<float>([new ParameterGroup<float>(parameters, lr) { WeightDecay = wd, Beta2 = 0.99, Eps = 1e-8 }], decoupledWeightDecay: true);
        for (var step = 1; step <= 4; step++)
        {
            for (var k = 0; k < parameters.Length; k++)
            {
                var grad = Tensor.Uniform(rng, -1f, 1f, shapes[k]);
                parameters[k].Grad = grad;
                var c = new AdamKernel.Coefficients(
                    0.9f, 0.99f, (float)(1 - 0.9), (float)(1 - 0.99), (float)wd, (float)(1 - (lr * wd)), (float)(lr / (1 - Math.Pow(0.9, step))),
                    (float)Math.Sqrt(1 - Math.Pow(0.99, step)), 1e-8f, false, true);
                ScalarTwin(expected[k], grad.ToArray(), ms[k], vs[k], c);
            }

            adam.Step();
        }

        for (var k = 0; k < parameters.Length; k++)
        {
            Assert.That(Bits(parameters[k].ToArray()), Is.EqualTo(Bits(expected[k])).AsCollection, $"parameter {k}");
        }
    }

    private static void ScalarTwin(float[] p, float[] g, float[] m, float[] v, AdamKernel.Coefficients c)
    {
        for (var i = 0; i < p.Length; i++)
        {
            var gi = c.Coupled ? g[i] + (c.WeightDecay * p[i]) : g[i];
            if (c.Decoupled)
            {
                p[i] *= c.Decay;
            }

            m[i] = (c.Beta1 * m[i]) + (c.OneMinusBeta1 * gi);
            v[i] = (c.Beta2 * v[i]) + (c.OneMinusBeta2 * gi * gi);
            var denominator = (MathF.Sqrt(v[i]) / c.Bc2Sqrt) + c.Eps;
            p[i] -= c.StepSize * m[i] / denominator;
        }
    }

    private static float[] Random(Rng rng, int n, double lo, double hi) => [.. Enumerable.Range(0, n).Select(_ => (float)(lo + ((hi - lo) * rng.NextDouble())))];

    private static int[] Bits(float[] a) => [.. a.Select(BitConverter.SingleToInt32Bits)];
}
