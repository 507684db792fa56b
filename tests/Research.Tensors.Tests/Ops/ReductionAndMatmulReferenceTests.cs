using NUnit.Framework;
using Research.Tensors.Randomness;

namespace Research.Tensors.Tests.Ops;

/// <summary>Reductions, softmax and matmul against naive loops computed in double.</summary>
public class ReductionAndMatmulReferenceTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void Sum_Mean_Max_OverEachAxis_MatchNaive(bool strided)
    {
        var source = Tensor.Randn<float>(new Rng(5), 3, 5, 7);
        var x = strided ? source.Permute(2, 0, 1) : source; // [7, 3, 5] or [3, 5, 7]
        var shape = x.Shape.ToArray();
        var values = x.ToArray();
        for (var axis = 0; axis < 3; axis++)
        {
            var sum = x.Sum(axis).ToArray();
            var mean = x.Mean(axis, keepDim: true).ToArray();
            var max = x.Max(axis).ToArray();
            var k = 0;
            for (var i = 0; i < Outer(shape, axis); i++)
            {
                for (var j = 0; j < Inner(shape, axis); j++, k++)
                {
                    double s = 0;
                    var m = float.NegativeInfinity;
                    for (var r = 0; r < shape[axis]; r++)
                    {
                        var v = values[(((i * shape[axis]) + r) * Inner(shape, axis)) + j];
                        s += v;
                        m = Math.Max(m, v);
                    }

                    Assert.That(sum[k], Is.EqualTo(s).Within(1e-5));
                    Assert.That(mean[k], Is.EqualTo(s / shape[axis]).Within(1e-6));
                    Assert.That(max[k], Is.EqualTo(m));
                }
            }
        }

        Assert.That(x.Sum().Item(), Is.EqualTo(values.Sum(v => (double)v)).Within(1e-4));
        Assert.That(x.Max().Item(), Is.EqualTo(values.Max()));
    }

    [Test]
    public void Softmax_RowsMatchNaiveAndSumToOne()
    {
        var x = Tensor.Randn<float>(new Rng(6), 4, 9).Mul(10f);
        var y = x.Softmax(1).ToArray();
        var ly = x.LogSoftmax(1).ToArray();
        var v = x.ToArray();
        for (var r = 0; r < 4; r++)
        {
            var row = v.Skip(r * 9).Take(9).Select(a => (double)a).ToArray();
            var max = row.Max();
            var z = row.Sum(a => Math.Exp(a - max));
            for (var c = 0; c < 9; c++)
            {
                Assert.That(y[(r * 9) + c], Is.EqualTo(Math.Exp(row[c] - max) / z).Within(1e-6));
                Assert.That(ly[(r * 9) + c], Is.EqualTo(row[c] - max - Math.Log(z)).Within(1e-5));
            }
        }
    }

    [TestCase(1, 1, 1)]
    [TestCase(5, 7, 3)]
    [TestCase(17, 33, 9)]
    public void Matmul_AllLayouts_MatchNaive(int m, int k, int n)
    {
        var a = Tensor.Randn<float>(new Rng(1), m, k);
        var b = Tensor.Randn<float>(new Rng(2), k, n);
        var expected = Naive(a.ToArray(), b.ToArray(), m, k, n);
        var aT = Tensor.Randn<float>(new Rng(1), m, k).Contiguous().ToArray();
        var aTransposedView = Tensor.FromArray(Transpose(aT, m, k), k, m).Transpose(0, 1);
        var bTransposedView = Tensor.FromArray(Transpose(b.ToArray(), k, n), n, k).Transpose(0, 1);
        var bStepView = Tensor.Randn<float>(new Rng(2), k, n).Unsqueeze(1).Expand(k, 2, n).Permute(1, 0, 2).Narrow(0, 1, 1).Squeeze(0);
        AssertClose(a.Matmul(b).ToArray(), expected);
        AssertClose(aTransposedView.Matmul(bTransposedView).ToArray(), expected);
        AssertClose(a.Matmul(bStepView).ToArray(), expected);

        var batched = Tensor.Stack([a, a.Mul(2f)]).Matmul(b).ToArray();
        AssertClose(batched.Take(m * n).ToArray(), expected);
        AssertClose(batched.Skip(m * n).ToArray(), expected.Select(v => v * 2).ToArray());
    }

    [Test]
    public void Matmul_Double_MatchesNaive()
    {
        var a = Tensor.Randn<double>(new Rng(1), 4, 6);
        var b = Tensor.Randn<double>(new Rng(2), 6, 3);
        var expected = Naive(a.ToArray().Select(v => (float)v).ToArray(), b.ToArray().Select(v => (float)v).ToArray(), 4, 6, 3);
        var actual = a.Transpose(0, 1).Contiguous().Transpose(0, 1).Matmul(b).ToArray();
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(1e-5));
        }
    }

    private static int Outer(int[] shape, int axis) => shape.Take(axis).Aggregate(1, (p, s) => p * s);

    private static int Inner(int[] shape, int axis) => shape.Skip(axis + 1).Aggregate(1, (p, s) => p * s);

    private static float[] Naive(float[] a, float[] b, int m, int k, int n)
    {
        var c = new float[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++)
                {
                    s += (double)a[(i * k) + p] * b[(p * n) + j];
                }

                c[(i * n) + j] = (float)s;
            }
        }

        return c;
    }

    private static float[] Transpose(float[] x, int rows, int cols)
    {
        var t = new float[x.Length];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                t[(j * rows) + i] = x[(i * cols) + j];
            }
        }

        return t;
    }

    private static void AssertClose(float[] actual, float[] expected)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(1e-4 * Math.Max(1, Math.Abs(expected[i]))), $"[{i}]");
        }
    }
}
