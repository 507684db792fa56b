using NUnit.Framework;
using Research.Tensors.Kernels;
using Research.Tensors.Threading;

namespace Research.Tensors.Tests.Kernels;

/// <summary>
/// <see cref="Gemm.MultiplyRuns"/> (run-mapped A columns / B rows, pre-packed A, serial) against its slow twin: the
/// same product on explicitly regrouped plain matrices, through <see cref="Gemm.Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
/// (bit-identical: the GEMM packs the same values in the same order) and through <see cref="GemmReference"/> (within
/// the dot-product error bound (K + 4)·u·Σ|a||b| of <see cref="GemmTests"/>).
/// </summary>
public class GemmRunsTests
{
    private static readonly GemmPath[] Paths = [GemmPath.Auto, GemmPath.Vector256, GemmPath.Scalar];

    // (m, n, k, run): K over several 128-deep slices and ragged; tiny (scalar path); one panel; ragged rows.
    private static readonly object[] Shapes =
    [
        new object[] { 37, 130, 300, 3 },
        new object[] { 64, 1024, 576, 3 },
        new object[] { 6, 64, 129, 5 },
        new object[] { 5, 7, 9, 3 },
        new object[] { 1, 1, 1, 1 },
        new object[] { 13, 200, 64, 11 },
    ];

    [TestCaseSource(nameof(Shapes))]
    public void MappedOperands_MatchRegroupedBitwise_AndReference(int m, int n, int k, int run)
    {
        var random = new Random((m * 131) + (n * 7) + k);
        var groups = (k + run - 1) / run;

        // A: rows of `groups` blocks of (run + 2) floats; column p = (p / run, p % run) skips 2 floats per block.
        var aOuter = run + 2;
        var lda = (groups * aOuter) + 1;
        var a = Random(random, m * lda);
        var regroupedA = new float[m * k];

        // B: row p = (p / run, p % run) at (p / run) · plane + (p % run) · 2 (overlapping shifted rows, as in a convolution).
        var plane = n + (2 * run) + 3;
        var b = Random(random, (groups * plane) + 1);
        var regroupedB = new float[k * n];
        var columns = new GemmRuns(run, aOuter, 1);
        var rows = new GemmRuns(run, plane, 2);
        for (var p = 0; p < k; p++)
        {
            for (var i = 0; i < m; i++)
            {
                regroupedA[(i * k) + p] = a[(i * lda) + columns.Offset(p)];
            }

            b.AsSpan((int)rows.Offset(p), n).CopyTo(regroupedB.AsSpan(p * n, n));
        }

        var c0 = Random(random, m * n);
        foreach (var path in Paths)
        {
            foreach (var beta in new[] { 0f, 1f })
            {
                var expected = (float[])c0.Clone();
                Gemm.Multiply(false, false, m, n, k, 1f, regroupedA, k, regroupedB, n, beta, expected, n, path);

                var mapped = (float[])c0.Clone();
                Gemm.MultiplyRuns(m, n, k, a, lda, columns, b, plane, rows, beta, mapped, n, path: path);
                Assert.That(mapped, Is.EqualTo(expected), $"mapped A and B, {path}, beta {beta}");

                var serial = (float[])c0.Clone();
                Gemm.MultiplyRuns(m, n, k, a, lda, columns, b, plane, rows, beta, serial, n, serial: true, path: path);
                Assert.That(serial, Is.EqualTo(expected), $"serial, {path}, beta {beta}");

                var packed = new float[Gemm.PackedASize(m, k)];
                Gemm.PackA(m, k, a, lda, columns, packed);
                var prepacked = (float[])c0.Clone();
                Gemm.MultiplyRuns(m, n, k, default, lda, null, b, plane, rows, beta, prepacked, n, packedA: packed, path: path);
                Assert.That(prepacked, Is.EqualTo(expected), $"pre-packed A, {path}, beta {beta}");

                var plainB = (float[])c0.Clone();
                Gemm.MultiplyRuns(m, n, k, a, lda, columns, regroupedB, n, null, beta, plainB, n, path: path);
                Assert.That(plainB, Is.EqualTo(expected), $"mapped A, plain B, {path}, beta {beta}");
            }
        }

        var reference = (float[])c0.Clone();
        var bound = new float[m * n];
        GemmReference.Multiply(false, false, m, n, k, 1f, regroupedA, k, regroupedB, n, 0f, reference, n);
        GemmReference.Multiply(false, false, m, n, k, 1f, [.. regroupedA.Select(Math.Abs)], k, [.. regroupedB.Select(Math.Abs)], n, 0f, bound, n);
        var actual = new float[m * n];
        Gemm.MultiplyRuns(m, n, k, a, lda, columns, b, plane, rows, 0f, actual, n);
        for (var i = 0; i < actual.Length; i++)
        {
            var tolerance = (k + 4) * (1f / (1 << 24)) * bound[i];
            Assert.That(Math.Abs(actual[i] - reference[i]), Is.LessThanOrEqualTo(tolerance), $"element {i}");
        }
    }

    [Test]
    public void ResultDoesNotDependOnThreadCount()
    {
        var random = new Random(3);
        var (m, n, k) = (70, 700, 400);
        var a = Random(random, m * k * 2);
        var b = Random(random, (k * n) + 64);
        var columns = new GemmRuns(4, 8, 1);
        var rows = new GemmRuns(4, 4 * n, 3);
        var saved = ComputeThreads.Count;
        try
        {
            float[] Run(int threads)
            {
                ComputeThreads.Count = threads;
                var c = new float[m * n];
                Gemm.MultiplyRuns(m, n, k, a, 2 * k, columns, b, n, rows, 0f, c, n);
                return c;
            }

            var one = Run(1);
            Assert.That(Run(2), Is.EqualTo(one));
            Assert.That(Run(3), Is.EqualTo(one));
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Test]
    public void OperandsTooShort_Throw()
    {
        var a = new float[10 * 10];
        var b = new float[10 * 10];
        var c = new float[10 * 10];
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyRuns(10, 10, 10, a, 10, new GemmRuns(2, 20, 1), b, 10, null, 0f, c, 10));
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyRuns(10, 10, 10, a, 10, null, b, 10, new GemmRuns(5, 100, 1), 0f, c, 10));
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyRuns(10, 10, 10, a, 10, null, b, 10, null, 0f, c, 10, packedA: new float[5]));
        Assert.Throws<ArgumentException>(() => Gemm.PackA(10, 10, a, 10, null, new float[10]));
    }

    private static float[] Random(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
