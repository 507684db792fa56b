using NUnit.Framework;
using Research.Tensors.Kernels;
using Research.Tensors.Threading;

namespace Research.Tensors.Tests.Kernels;

// Fast GEMM against its double-accumulating reference twin. Tolerance per element, from the standard dot-product
// error bound |fl(x·y) − x·y| ≤ γ_K Σ|x||y| with γ_K ≈ K·u (any summation order or blocking, FMA or not), plus a few
// roundings for alpha and beta: |fast − ref| ≤ (K + 4)·u·(|alpha|·Σ_p |a_ip||b_pj| + |beta·c_ij|), u = 2⁻²⁴.
// Σ|a||b| is itself computed by the reference on |A| and |B|. A wrong index or a missed edge gives O(1) errors.
public class GemmTests
{
    private const float Unit = 1f / (1 << 24);

    private static readonly GemmPath[] Paths = [GemmPath.Auto, GemmPath.Vector256, GemmPath.Scalar];

    private static IEnumerable<TestCaseData> Shapes()
    {
        int[][] shapes =
        [
            [1, 1, 1], [17, 33, 5], [1, 300, 7], [300, 1, 7], [129, 65, 257], [6, 64, 128], [7, 65, 129],
            [12, 80, 300], [50, 74, 64], [5, 3, 1], [61, 17, 131],
        ];
        foreach (var s in shapes)
        {
            foreach (var ta in new[] { false, true })
            {
                foreach (var tb in new[] { false, true })
                {
                    yield return new TestCaseData(s[0], s[1], s[2], ta, tb);
                }
            }
        }
    }

    [TestCaseSource(nameof(Shapes))]
    public void Multiply_MatchesReference(int m, int n, int k, bool transposeA, bool transposeB)
    {
        foreach (var path in Paths)
        {
            Check(m, n, k, transposeA, transposeB, 1f, 0f, pad: 0, path, seed: (m * 31) + (n * 7) + k);
        }
    }

    [TestCase(false, false)]
    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(true, true)]
    public void Multiply_StridedOperands_MatchReferenceAndLeaveGapsAlone(bool transposeA, bool transposeB)
    {
        foreach (var path in Paths)
        {
            Check(37, 70, 23, transposeA, transposeB, 0.5f, -0.75f, pad: 5, path, seed: 11);
        }
    }

    [Test]
    public void Multiply_BetaZero_IgnoresNaNsInC()
    {
        foreach (var path in Paths)
        {
            var (a, b) = (Random(19 * 23, 1), Random(23 * 29, 2));
            var c = Enumerable.Repeat(float.NaN, 19 * 29).ToArray();
            Gemm.Multiply(false, false, 19, 29, 23, 2f, a, 23, b, 29, 0f, c, 29, path);
            Assert.That(c, Has.None.NaN, path.ToString());
        }

        var empty = Enumerable.Repeat(float.NaN, 12).ToArray();
        Gemm.Multiply(false, false, 3, 4, 0, 1f, [], 1, [], 4, 0f, empty, 4);
        Assert.That(empty, Is.All.EqualTo(0f));
    }

    [Test]
    public void Multiply_BetaOne_Accumulates()
    {
        foreach (var path in Paths)
        {
            Check(40, 90, 300, false, false, 1f, 1f, pad: 0, path, seed: 5);
            Check(40, 90, 300, true, true, -1.5f, 1f, pad: 2, path, seed: 6);
        }
    }

    // Shapes that take each way of splitting the work: rows (and several Mc blocks), columns, K (a big-K reduction
    // like the weight gradient Aᵀ·B, scaled down), plus more than one Nc block.
    [Test]
    public void Multiply_EverySplit_MatchesReference([Values(1, 2, 3)] int threads)
    {
        var saved = ComputeThreads.Count;
        try
        {
            ComputeThreads.Count = threads;
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
            {
                Check(1000, 70, 130, ta, tb, 1f, 0f, pad: 0, GemmPath.Auto, seed: 21);
                Check(12, 300, 600, ta, tb, 1f, 0f, pad: 0, GemmPath.Auto, seed: 22);
                Check(74, 64, 3000, ta, tb, 0.5f, -0.75f, pad: 3, GemmPath.Auto, seed: 23);
                Check(7, 2100, 3, ta, tb, 1f, 1f, pad: 0, GemmPath.Auto, seed: 24);
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Multiply_IsBitIdenticalAcrossRuns(int threads)
    {
        var saved = ComputeThreads.Count;
        try
        {
            ComputeThreads.Count = threads;
            foreach (var (m, n, k, ta, tb) in new[] { (300, 200, 150, false, false), (74, 64, 2000, true, false), (500, 74, 64, false, true) })
            {
                var a = Random(m * k, 3);
                var b = Random(k * n, 4);
                var first = Run(m, n, k, ta, tb, a, b);
                var second = Run(m, n, k, ta, tb, a, b);
                Assert.That(second, Is.EqualTo(first).AsCollection);
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Test]
    public void Multiply_RejectsShortSpansAndStrides()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[4];
        Assert.Multiple(() =>
        {
            Assert.That(() => Gemm.Multiply(false, false, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2), Throws.Nothing);
            Assert.That(() => Gemm.Multiply(false, false, 2, 2, 4, 1f, a, 4, b, 2, 0f, c, 2), Throws.ArgumentException.With.Message.StartsWith("A ("));
            Assert.That(() => Gemm.Multiply(false, false, 2, 2, 3, 1f, a, 2, b, 2, 0f, c, 2), Throws.ArgumentException.With.Message.Contains("Stride"));
            Assert.That(() => Gemm.Multiply(false, false, 3, 2, 2, 1f, a, 2, b, 2, 0f, c, 2), Throws.ArgumentException.With.Message.StartsWith("C ("));
        });
    }

    private static float[] Run(int m, int n, int k, bool ta, bool tb, float[] a, float[] b)
    {
        var c = new float[m * n];
        Gemm.Multiply(ta, tb, m, n, k, 1f, a, ta ? m : k, b, tb ? k : n, 0f, c, n);
        return c;
    }

    private static void Check(int m, int n, int k, bool ta, bool tb, float alpha, float beta, int pad, GemmPath path, int seed)
    {
        var (aRows, aCols) = ta ? (k, m) : (m, k);
        var (bRows, bCols) = tb ? (n, k) : (k, n);
        var (lda, ldb, ldc) = (aCols + pad, bCols + pad, n + pad);
        var a = Random((aRows * lda) + 1, seed);
        var b = Random((bRows * ldb) + 1, seed + 1);
        var c0 = Random((m * ldc) + 1, seed + 2);
        var fast = (float[])c0.Clone();
        var expected = (float[])c0.Clone();
        Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, fast, ldc, path);
        GemmReference.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        var magnitude = new float[m * n];
        GemmReference.Multiply(ta, tb, m, n, k, 1f, Abs(a), lda, Abs(b), ldb, 0f, magnitude, n);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < ldc; j++)
            {
                var index = (i * ldc) + j;
                if (j >= n)
                {
                    Assert.That(fast[index], Is.EqualTo(c0[index]), $"{path}: gap ({i}, {j}) of C was written.");
                    continue;
                }

                var bound = ((k + 4) * Unit * ((Math.Abs(alpha) * magnitude[(i * n) + j]) + Math.Abs(beta * c0[index]))) + 1e-30f;
                Assert.That(
                    Math.Abs(fast[index] - expected[index]),
                    Is.LessThanOrEqualTo(bound),
                    $"{path} {m}×{n}×{k} tA={ta} tB={tb}: C[{i}, {j}] = {fast[index]}, reference {expected[index]}.");
            }
        }

        Assert.That(fast[^1], Is.EqualTo(c0[^1]), "Element past C was written.");
    }

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    private static float[] Abs(float[] values) => values.Select(Math.Abs).ToArray();
}
