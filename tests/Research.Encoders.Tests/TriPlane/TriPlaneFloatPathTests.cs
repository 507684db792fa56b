using NUnit.Framework;
using Research.Encoders.TriPlane;
using Research.Tensors;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Encoders.Tests.TriPlane;

/// <summary>
/// The float32 vectorised tri-plane path against the generic scalar kernel (forward bit-identical: same float
/// operations in the same order; gradients equal up to float32 summation order) and against the float64 path.
/// </summary>
[TestFixture]
public sealed class TriPlaneFloatPathTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var n in new[] { 1, 13, 1037, 5003 })
        {
            yield return new TestCaseData(new GridLevels(), n).SetName($"Face_N{n}");
        }

        yield return new TestCaseData(GridLevels.Mouth(), 999).SetName("Mouth_N999");
        yield return new TestCaseData(new GridLevels(4, 2, 16, 64, 8, 0.15), 1037).SetName("HashedTwoFeatures_N1037");
        yield return new TestCaseData(new GridLevels(12, 1, 16, 512, 14), 2051).SetName("HashedUpperLevels_N2051");

        // ≥ 4096 points: the forward reads dense levels from cell records (here mixed with hashed levels).
        yield return new TestCaseData(new GridLevels(12, 1, 16, 512, 14), 4099).SetName("HashedUpperLevels_N4099");
        yield return new TestCaseData(new GridLevels(1, 3, 5, 5, 17, 1.0), 77).SetName("SingleLevelThreeFeatures_N77");
    }

    [TestCaseSource(nameof(Cases))]
    public void FastPathMatchesGenericFloatKernel(GridLevels g, int n)
    {
        Assert.That(TriPlaneFloatKernel.Supports(g), Is.True, "fast path available on this machine");
        var rng = new Rng(21);
        var x = Points(rng, g, n);
        var tables = Enumerable.Range(0, 3).Select(_ => Tensor.Uniform(rng, -1f, 1f, g.TableRows, g.Features)).ToArray();
        var w = Tensor.Uniform(rng, -1f, 1f, n, 3 * g.PlaneWidth);

        var fast = Run(x, tables, w, g, fastPath: true);
        var slow = Run(x, tables, w, g, fastPath: false);
        Assert.That(fast[0], Is.EqualTo(slow[0]), "forward (bit-identical)");
        // Same terms in a different summation order: the position gradient sums each plane's levels in two halves
        // then adds them; dense one-feature table rows sum per cell first, then the four cells touching the row.
        AssertClose(fast[1], slow[1], "position gradient");
        for (var p = 0; p < 3; p++)
        {
            AssertClose(fast[2 + p], slow[2 + p], $"table {p}");
        }

    }

    [TestCaseSource(nameof(Cases))]
    public void FastPathMatchesFloat64Path(GridLevels g, int n)
    {
        // Plain uniform points: the border cases of Points() legitimately differ between float32 and float64 rounding.
        var rng = new Rng(22);
        var b = (float)g.Bound;
        var x = Tensor.Uniform(rng, -1.2f * b, 1.2f * b, n, 3);
        var tables = Enumerable.Range(0, 3).Select(_ => Tensor.Uniform(rng, -1f, 1f, g.TableRows, g.Features)).ToArray();
        var w = Tensor.Uniform(rng, -1f, 1f, n, 3 * g.PlaneWidth);
        var fast = Run(x, tables, w, g, fastPath: true);
        var xd = Tensor.FromArray(x.ToArray().Select(v => (double)v).ToArray(), n, 3);
        var td = tables.Select(t => Tensor.FromArray(t.ToArray().Select(v => (double)v).ToArray(), [.. t.Shape])).ToArray();
        foreach (var t in td)
        {
            t.RequiresGrad = true;
        }

        var yd = TriPlaneGrid.Encode(xd, td[0], td[1], td[2], g);
        yd.Mul(Tensor.FromArray(w.ToArray().Select(v => (double)v).ToArray(), n, 3 * g.PlaneWidth)).Sum().Backward();
        var yda = yd.ToArray();
        var moved = Enumerable.Range(0, yda.Length).Count(i => Math.Abs(yda[i] - fast[0][i]) > 1e-4);
        Assert.That(moved, Is.LessThanOrEqualTo((yda.Length / 1000) + 1), "float32 vs float64 forward");
        for (var p = 0; p < 3; p++)
        {
            var gd = td[p].Grad!.ToArray();
            var off = Enumerable.Range(0, gd.Length).Count(j => Math.Abs(gd[j] - fast[2 + p][j]) > 1e-3 * (1 + Math.Abs(gd[j])));
            Assert.That(off, Is.LessThanOrEqualTo((gd.Length / 100) + 2), $"float32 vs float64 table {p} gradient");
        }
    }

    [Test]
    public void TablesOnlyAndPositionsOnlyMatchFullBackward()
    {
        var g = GridLevels.Face();
        var rng = new Rng(4);
        const int n = 901;
        var x = Points(rng, g, n);
        var tables = Enumerable.Range(0, 3).Select(_ => Tensor.Uniform(rng, -1f, 1f, g.TableRows, g.Features)).ToArray();
        var w = Tensor.Uniform(rng, -1f, 1f, n, 36);
        var full = Run(x, tables, w, g, fastPath: true);

        var xo = x.Detach();
        xo.RequiresGrad = true;
        TriPlaneGrid.Encode(xo, tables[0].Detach(), tables[1].Detach(), tables[2].Detach(), g).Mul(w).Sum().Backward();
        Assert.That(xo.Grad!.ToArray(), Is.EqualTo(full[1]));

        var t1 = tables[1].Detach();
        t1.RequiresGrad = true;
        TriPlaneGrid.Encode(x.Detach(), tables[0].Detach(), t1, tables[2].Detach(), g).Mul(w).Sum().Backward();
        Assert.That(t1.Grad!.ToArray(), Is.EqualTo(full[3]));
    }

    [Test]
    public void DeterministicAcrossThreadCountsAndRuns([Values(false, true)] bool hashed)
    {
        var g = hashed ? new GridLevels(12, 1, 16, 512, 14) : GridLevels.Face();
        var saved = ComputeThreads.Count;
        try
        {
            float[][] At(int threads)
            {
                ComputeThreads.Count = threads;
                var rng = new Rng(8);
                var x = Points(rng, g, 20_011);
                var tables = Enumerable.Range(0, 3).Select(_ => Tensor.Uniform(rng, -1f, 1f, g.TableRows, g.Features)).ToArray();
                return Run(x, tables, Tensor.Uniform(rng, -1f, 1f, 20_011, 36), g, fastPath: true);
            }

            var one = At(1);
            foreach (var threads in new[] { 2, 3, 2, 4, 7 })
            {
                var other = At(threads);
                for (var k = 0; k < one.Length; k++)
                {
                    Assert.That(other[k], Is.EqualTo(one[k]), $"output {k}, {threads} threads");
                }
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Test]
    public void EmptyInputGivesEmptyOutputAndZeroGradients()
    {
        var g = GridLevels.Face();
        var x = Tensor.Zeros<float>(0, 3);
        var tables = Enumerable.Range(0, 3).Select(_ => Tensor.Uniform(new Rng(1), -1f, 1f, g.TableRows, 1)).ToArray();
        var r = Run(x, tables, Tensor.Zeros<float>(0, 36), g, fastPath: true);
        Assert.That(r[0], Is.Empty);
        Assert.That(r[2], Has.All.EqualTo(0f));
    }

    /// <summary>Element-wise |fast − slow| ≤ 1e-5·(max |slow| + 1) (float32 rounding of a different summation order).</summary>
    private static void AssertClose(float[] fast, float[] slow, string what)
    {
        Assert.That(fast, Has.Length.EqualTo(slow.Length), what);
        var scale = slow.Select(Math.Abs).DefaultIfEmpty(0f).Max();
        for (var j = 0; j < slow.Length; j++)
        {
            Assert.That(fast[j], Is.EqualTo(slow[j]).Within(1e-5 * (scale + 1)), $"{what} [{j}]");
        }
    }

    /// <summary>Uniform points in 1.2× the box, plus the box corners, centre and points exactly on cell borders.</summary>
    private static Tensor<float> Points(Rng rng, GridLevels g, int n)
    {
        var b = (float)g.Bound;
        var v = Tensor.Uniform(rng, -1.2f * b, 1.2f * b, n, 3).ToArray();
        float[] special = [-b, b, 0f, float.NaN, float.PositiveInfinity, -1.2f * b, 1.2f * b];
        for (var i = 0; i < Math.Min(n, 60); i++)
        {
            var d = i % 3;
            if (i < special.Length * 3)
            {
                v[(3 * i) + d] = special[i / 3];
            }
            else
            {
                // u = (j − 0.5)/scale_l puts pos = u·scale + 0.5 on an integer (a cell border) up to rounding.
                var l = i % g.Levels;
                var j = 1 + (i % 5);
                var u = (j - 0.5) / g.Scales[l];
                v[(3 * i) + d] = (float)((u * 2 * g.Bound) - g.Bound);
            }
        }

        return Tensor.FromArray(v, n, 3);
    }

    /// <summary>[output, position gradient, three table gradients] of Σ w ⊙ encode(x).</summary>
    private static float[][] Run(Tensor<float> x, Tensor<float>[] tables, Tensor<float> w, GridLevels g, bool fastPath)
    {
        var xi = x.Detach();
        xi.RequiresGrad = true;
        var ti = tables.Select(t =>
        {
            var c = t.Detach();
            c.RequiresGrad = true;
            return c;
        }).ToArray();
        var y = TriPlaneGrid.EncodeCore(xi, ti[0], ti[1], ti[2], g, fastPath);
        y.Mul(w).Sum().Backward();
        return [y.ToArray(), xi.Grad?.ToArray() ?? [], .. ti.Select(t => t.Grad?.ToArray() ?? new float[t.ElementCount])];
    }
}
