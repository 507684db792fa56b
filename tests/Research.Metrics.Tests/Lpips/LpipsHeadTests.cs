using NUnit.Framework;
using Research.Metrics.Lpips;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Metrics.Tests.Lpips;

/// <summary>The float64 head on its own: explicit formula on odd sizes, and independence of the thread count.</summary>
public class LpipsHeadTests
{
    private static float[] Features(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var f = new float[count];
        for (var i = 0; i < f.Length; i++)
        {
            // ReLU outputs: about half exact zeros, including whole all-zero pixels for small channel counts.
            f[i] = (float)Math.Max(0, rng.NextNormal());
        }

        return f;
    }

    private static double Explicit(float[] f0, float[] f1, int c, int h, int w, float[] lin)
    {
        var total = 0.0;
        for (var p = 0; p < h * w; p++)
        {
            double n0 = 0, n1 = 0;
            for (var k = 0; k < c; k++)
            {
                n0 += (double)f0[(k * h * w) + p] * f0[(k * h * w) + p];
                n1 += (double)f1[(k * h * w) + p] * f1[(k * h * w) + p];
            }

            n0 = Math.Sqrt(n0) + 1e-10;
            n1 = Math.Sqrt(n1) + 1e-10;
            for (var k = 0; k < c; k++)
            {
                var d = (f0[(k * h * w) + p] / n0) - (f1[(k * h * w) + p] / n1);
                total += lin[k] * d * d;
            }
        }

        return total / (h * w);
    }

    [TestCase(1, 1, 1)]
    [TestCase(3, 7, 5)]
    [TestCase(64, 127, 127)]
    [TestCase(384, 31, 29)]
    [TestCase(2, 1, 33)]
    public void MatchesTheExplicitFormulaAndIgnoresThreadCount(int c, int h, int w)
    {
        var f0 = Features(c * h * w, 1);
        var f1 = Features(c * h * w, 2);
        var lin = Features(c, 3);
        var expected = Explicit(f0, f1, c, h, w, lin);
        var saved = ComputeThreads.Count;
        try
        {
            var values = new List<double>();
            foreach (var threads in new[] { 1, 2, 3, 8 })
            {
                ComputeThreads.Count = threads;
                values.Add(LpipsHead.TapDistance(f0, f1, c, h, w, lin));
            }

            Assert.That(values, Has.All.EqualTo(values[0]), "bit-identical for any thread count");
            Assert.That(values[0], Is.EqualTo(expected).Within(1e-12 * Math.Max(1, Math.Abs(expected))));
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }
}
