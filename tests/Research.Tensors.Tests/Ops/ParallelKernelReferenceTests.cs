using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Tensors.Tests.Ops;

/// <summary>
/// The chunked (multi-threaded), vectorised and fused kernels against naive loops, on sizes below and above the
/// parallel threshold (1, 7, 33, 1025, 70001), strided views and special values; each run with 1 and 2 threads.
/// </summary>
public class ParallelKernelReferenceTests
{
    private static readonly int[] Lengths = [1, 7, 33, 1025, 70001];

    private static readonly int[] ThreadCounts = [1, 2];

    [TestCaseSource(nameof(ThreadCounts))]
    public void Relu_ForwardAndBackward_MatchNaiveExactly_IncludingNaNAndSignedZero(int threads) => WithThreads(threads, () =>
    {
        foreach (var n in Lengths)
        {
            var values = Tensor.Randn<float>(new Rng((ulong)n), n).ToArray();
            var special = new[] { float.NaN, -0f, 0f, float.NegativeInfinity, float.PositiveInfinity, float.Epsilon, -float.Epsilon };
            for (var i = 0; i < Math.Min(n, special.Length); i++)
            {
                values[(i * 13) % n] = special[i];
            }

            var x = Tensor.FromArray(values, n);
            x.RequiresGrad = true;
            var g = Tensor.Randn<float>(new Rng(99), n);
            var y = x.Relu();
            y.Backward(g);
            var gs = g.ToArray();
            AssertBits(y.ToArray(), values.Select(v => v > 0 ? v : 0f).ToArray(), $"relu n={n}");
            AssertBits(x.Grad!.ToArray(), values.Select((v, i) => v > 0 ? gs[i] : 0f).ToArray(), $"relu grad n={n}");
        }
    });

    [TestCaseSource(nameof(ThreadCounts))]
    public void Relu_StridedInput_MatchesNaive(int threads) => WithThreads(threads, () =>
    {
        var wide = Tensor.Randn<float>(new Rng(3), 301, 466);
        var view = wide.Slice(1, 1, 466, 2).Transpose(0, 1);
        Assert.That(view.IsContiguous, Is.False);
        AssertBits(view.Relu().ToArray(), view.ToArray().Select(v => v > 0 ? v : 0f).ToArray(), "relu strided");
    });

    [TestCaseSource(nameof(ThreadCounts))]
    public void MapAndZip_LargeAndOdd_MatchNaiveExactly(int threads) => WithThreads(threads, () =>
    {
        foreach (var n in Lengths)
        {
            var x = Tensor.Randn<float>(new Rng((ulong)n + 5), n).Mul(2f);
            x.RequiresGrad = true;
            var g = Tensor.Randn<float>(new Rng(11), n);
            var y = x.LeakyRelu(0.1f);
            y.Backward(g);
            var xs = x.ToArray();
            var gs = g.ToArray();
            AssertBits(y.ToArray(), xs.Select(v => v > 0 ? v : v * 0.1f).ToArray(), $"leaky n={n}");
            AssertBits(x.Grad!.ToArray(), xs.Select((v, i) => v > 0 ? gs[i] : gs[i] * 0.1f).ToArray(), $"leaky grad n={n}");
            AssertBits(x.Detach().Clamp(-0.5f, 0.25f).ToArray(), xs.Select(v => v < -0.5f ? -0.5f : v > 0.25f ? 0.25f : v).ToArray(), $"clamp n={n}");
            AssertBits(x.Detach().Pow(2f).ToArray(), xs.Select(v => MathF.Pow(v, 2f)).ToArray(), $"pow n={n}");
        }
    });

    [TestCaseSource(nameof(ThreadCounts))]
    public void BroadcastBinary_EveryPath_MatchesNaiveExactly(int threads) => WithThreads(threads, () =>
    {
        foreach (var rows in new[] { 1, 7, 1025, 6001 })
        {
            foreach (var cols in new[] { 1, 11, 64 })
            {
                var a = Tensor.Randn<float>(new Rng((ulong)(rows * cols)), rows, cols);
                var av = a.ToArray();
                var row = Tensor.Randn<float>(new Rng(2), cols);
                var rv = row.ToArray();
                var col = Tensor.Randn<float>(new Rng(3), rows, 1);
                var cv = col.ToArray();
                var scalar = Tensor.Scalar(0.37f).Expand(rows, cols);
                var label = $"[{rows}, {cols}]";
                AssertBits(a.Mul(a).ToArray(), av.Select(v => v * v).ToArray(), "same " + label);
                AssertBits(a.Add(row).ToArray(), av.Select((v, i) => v + rv[i % cols]).ToArray(), "row " + label);
                AssertBits(row.Sub(a).ToArray(), av.Select((v, i) => rv[i % cols] - v).ToArray(), "row first " + label);
                AssertBits(a.Div(col).ToArray(), av.Select((v, i) => v / cv[i / cols]).ToArray(), "column " + label);
                AssertBits(a.Mul(scalar).ToArray(), av.Select(v => v * 0.37f).ToArray(), "expanded scalar " + label);
                AssertBits(scalar.Sub(a).ToArray(), av.Select(v => 0.37f - v).ToArray(), "expanded scalar first " + label);

                // Strided: a transposed view against a contiguous tensor of its shape.
                var t = a.Transpose(0, 1);
                var tv = t.ToArray();
                var b = Tensor.Randn<float>(new Rng(4), cols, rows);
                var bv = b.ToArray();
                AssertBits(t.Add(b).ToArray(), tv.Select((v, i) => v + bv[i]).ToArray(), "transposed " + label);
                AssertBits(t.Mul(Tensor.Scalar(2f)).ToArray(), tv.Select(v => v * 2f).ToArray(), "transposed scalar " + label);
            }
        }
    });

    [Test]
    public void Sum_IsBitIdenticalAcrossThreadCounts_AndCloseToNaive()
    {
        foreach (var n in Lengths.Append(200_003))
        {
            var x = Tensor.Randn<float>(new Rng((ulong)n), n);
            var one = 0f;
            var two = 0f;
            WithThreads(1, () => one = x.Sum().Item());
            WithThreads(2, () => two = x.Sum().Item());
            Assert.That(BitConverter.SingleToInt32Bits(two), Is.EqualTo(BitConverter.SingleToInt32Bits(one)), $"n={n}");
            var naive = x.ToArray().Sum(v => (double)v);
            Assert.That(one, Is.EqualTo(naive).Within(1e-6 * n + 1e-6), $"n={n}");
        }
    }

    [TestCaseSource(nameof(ThreadCounts))]
    public void Sum_TrailingLeadingAndMiddleAxes_MatchNaive(int threads) => WithThreads(threads, () =>
    {
        foreach (var (a, b, c) in new[] { (1, 1, 1), (3, 5, 7), (1025, 3, 33), (9, 70001, 1), (70001, 2, 3) })
        {
            var x = Tensor.Randn<float>(new Rng((ulong)(a + b + c)), a, b, c);
            var v = x.ToArray();
            var label = $"[{a}, {b}, {c}]";

            // Leading axes: rows added in order, exactly the naive sequential float sum.
            var lead = new float[b * c];
            for (var i = 0; i < a; i++)
            {
                for (var j = 0; j < b * c; j++)
                {
                    lead[j] = i == 0 ? v[j] : lead[j] + v[(i * b * c) + j];
                }
            }

            AssertBits(x.Sum(0).ToArray(), lead, "leading " + label);

            // Trailing axes and a middle axis: double reference with a tolerance (blocked summation order).
            var trailing = Enumerable.Range(0, a).Select(i => Enumerable.Range(0, b * c).Sum(j => (double)v[(i * b * c) + j])).ToArray();
            AssertClose(x.Sum([1, 2]).ToArray(), trailing, "trailing " + label);
            var middle = new double[a * c];
            for (var i = 0; i < a; i++)
            {
                for (var j = 0; j < b; j++)
                {
                    for (var k = 0; k < c; k++)
                    {
                        middle[(i * c) + k] += v[(((i * b) + j) * c) + k];
                    }
                }
            }

            AssertClose(x.Sum(1).ToArray(), middle, "middle " + label);
            var strided = x.Transpose(0, 2);
            var overFirst = ReferenceSumOverFirstAxis(v, a, b * c);
            AssertClose(strided.Sum(2).ToArray(), [.. Enumerable.Range(0, b * c).Select(o => overFirst[((o % b) * c) + (o / b)])], "strided " + label);
        }
    });

    [TestCaseSource(nameof(ThreadCounts))]
    public void MseLoss_Fused_MatchesNaiveValueAndGradients(int threads) => WithThreads(threads, () =>
    {
        foreach (var n in Lengths)
        {
            var p = Tensor.Randn<float>(new Rng((ulong)n), n, 1);
            var t = Tensor.Randn<float>(new Rng((ulong)n + 1), n, 1);
            p.RequiresGrad = true;
            t.RequiresGrad = true;
            var loss = Functional.MseLoss(p, t);
            loss.Backward(Tensor.Scalar(3f));
            var pv = p.ToArray();
            var tv = t.ToArray();
            var naive = pv.Select((v, i) => ((double)v - tv[i]) * ((double)v - tv[i])).Sum() / n;
            Assert.That(loss.Item(), Is.EqualTo(naive).Within(1e-6 * naive + 1e-7), $"n={n}");
            var gp = pv.Select((v, i) => 3.0 * 2.0 * ((double)v - tv[i]) / n).ToArray();
            AssertClose(p.Grad!.ToArray(), gp, $"dp n={n}", 1e-9);
            AssertClose(t.Grad!.ToArray(), [.. gp.Select(v => -v)], $"dt n={n}", 1e-9);
        }

        // Strided prediction (a transposed view).
        var wide = Tensor.Randn<float>(new Rng(5), 3, 40000);
        var target = Tensor.Randn<float>(new Rng(6), 40000, 3);
        var view = wide.Transpose(0, 1);
        var pv2 = view.ToArray();
        var tv2 = target.ToArray();
        var expected = pv2.Select((v, i) => ((double)v - tv2[i]) * ((double)v - tv2[i])).Sum() / pv2.Length;
        Assert.That(Functional.MseLoss(view, target).Item(), Is.EqualTo(expected).Within(1e-6 * expected));
    });

    [Test]
    public void FusedKernels_GradientCheck_WithNonContiguousInputs()
    {
        Autograd.GradCheck.Check(x => Functional.MseLoss(x[0], x[1]), Autograd.GradCheck.TransposedLeaf(1, 3, 4), Autograd.GradCheck.TransposedLeaf(2, 3, 4));
        Autograd.GradCheck.Check(x => Functional.MseLoss(x[0].Relu(), x[1]).Mul(x[0].Sum([0, 1])), Autograd.GradCheck.TransposedLeaf(3, 5, 2), Autograd.GradCheck.Randn(4, 5, 2));
        Autograd.GradCheck.Check(x => x[0].Sum(0).Mul(x[1]).Sum(), Autograd.GradCheck.TransposedLeaf(5, 4, 3), Autograd.GradCheck.Randn(6, 3));
    }

    [TestCaseSource(nameof(ThreadCounts))]
    public void Adam_ChunkedStep_MatchesNaiveFormulaBitForBit(int threads) => WithThreads(threads, () =>
    {
        foreach (var n in Lengths)
        {
            foreach (var decoupled in new[] { false, true })
            {
                var p = Tensor.Randn<float>(new Rng((ulong)n), n);
                p.RequiresGrad = true;
                var group = new ParameterGroup<float>([p], 1e-2) { WeightDecay = 0.1 };
                var adam = new Adam<float>([group], decoupled);
                var pr = p.ToArray();
                var m = new float[n];
                var v = new float[n];
                for (var step = 1; step <= 3; step++)
                {
                    var g = Tensor.Randn<float>(new Rng((ulong)(step * 31)), n);
                    p.Grad = g;
                    adam.Step();
                    NaiveAdam(pr, g.ToArray(), m, v, step, group, decoupled);
                }

                AssertBits(p.ToArray(), pr, $"adam n={n} decoupled={decoupled}");
            }
        }
    });

    [TestCaseSource(nameof(ThreadCounts))]
    public void Sgd_ChunkedStep_MatchesNaiveFormulaBitForBit(int threads) => WithThreads(threads, () =>
    {
        foreach (var n in Lengths)
        {
            var p = Tensor.Randn<float>(new Rng((ulong)n), n);
            p.RequiresGrad = true;
            var sgd = new Sgd<float>([new ParameterGroup<float>([p], 0.05) { WeightDecay = 0.01, Momentum = 0.9 }]);
            var pr = p.ToArray();
            var buf = new float[n];
            for (var step = 1; step <= 3; step++)
            {
                var g = Tensor.Randn<float>(new Rng((ulong)(step * 17)), n);
                p.Grad = g;
                sgd.Step();
                var gs = g.ToArray();
                for (var i = 0; i < n; i++)
                {
                    var d = gs[i] + (0.01f * pr[i]);
                    buf[i] = step == 1 ? d : (0.9f * buf[i]) + d;
                    pr[i] -= 0.05f * buf[i];
                }
            }

            AssertBits(p.ToArray(), pr, $"sgd n={n}");
        }
    });

    [TestCaseSource(nameof(ThreadCounts))]
    public void MlpTrainingStep_IsBitIdenticalAcrossRuns(int threads)
    {
        var first = WithThreadsResult(threads, () => TrainMlp(steps: 3));
        var second = WithThreadsResult(threads, () => TrainMlp(steps: 3));
        Assert.That(first.Length, Is.EqualTo(second.Length));
        for (var i = 0; i < first.Length; i++)
        {
            AssertBits(second[i], first[i], $"parameter {i}");
        }
    }

    /// <summary>The benchmark's MLP (74 → 64 → 64 → 11, no bias, MSE, Adam) on 3000 points; returns the parameters.</summary>
    internal static float[][] TrainMlp(int steps)
    {
        var rng = new Rng(7);
        var model = new Sequential<float>()
            .Add(new Linear<float>(74, 64, rng, bias: false)).Add(x => x.Relu())
            .Add(new Linear<float>(64, 64, rng, bias: false)).Add(x => x.Relu())
            .Add(new Linear<float>(64, 11, rng, bias: false));
        var input = Tensor.Randn<float>(rng, 3000, 74);
        var target = Tensor.Randn<float>(rng, 3000, 11);
        var optimizer = new Adam<float>([new ParameterGroup<float>(model.Parameters(), 1e-3)]);
        for (var s = 0; s < steps; s++)
        {
            optimizer.ZeroGrad();
            Functional.MseLoss(model.Forward(input), target).Backward();
            optimizer.Step();
        }

        return [.. model.Parameters().Select(p => p.ToArray())];
    }

    internal static void WithThreads(int threads, Action action)
    {
        var saved = ComputeThreads.Count;
        try
        {
            ComputeThreads.Count = threads;
            action();
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    internal static void AssertBits(float[] actual, float[] expected, string label)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), label);
        for (var i = 0; i < actual.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
            {
                Assert.Fail($"{label}: element {i} is {actual[i]:R}, expected {expected[i]:R} (bitwise).");
            }
        }
    }

    private static TResult WithThreadsResult<TResult>(int threads, Func<TResult> func)
    {
        TResult result = default!;
        WithThreads(threads, () => result = func());
        return result;
    }

    // Same formula and constant rounding as Adam<float>.Update, one element at a time.
    private static void NaiveAdam(float[] p, float[] g, float[] m, float[] v, int step, ParameterGroup<float> group, bool decoupled)
    {
        var b1 = (float)group.Beta1;
        var b2 = (float)group.Beta2;
        var oneMinusB1 = (float)(1 - group.Beta1);
        var oneMinusB2 = (float)(1 - group.Beta2);
        var wd = (float)group.WeightDecay;
        var decay = (float)(1 - (group.Lr * group.WeightDecay));
        var stepSize = (float)(group.Lr / (1 - Math.Pow(group.Beta1, step)));
        var bc2Sqrt = (float)Math.Sqrt(1 - Math.Pow(group.Beta2, step));
        var eps = (float)group.Eps;
        for (var i = 0; i < p.Length; i++)
        {
            var gi = decoupled ? g[i] : g[i] + (wd * p[i]);
            if (decoupled)
            {
                p[i] *= decay;
            }

            m[i] = (b1 * m[i]) + (oneMinusB1 * gi);
            v[i] = (b2 * v[i]) + (oneMinusB2 * gi * gi);
            p[i] -= stepSize * m[i] / ((MathF.Sqrt(v[i]) / bc2Sqrt) + eps);
        }
    }

    private static double[] ReferenceSumOverFirstAxis(float[] v, int rows, int cols)
    {
        var result = new double[cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                result[j] += v[(i * cols) + j];
            }
        }

        return result;
    }

    // Relative 1e-5 plus an absolute floor (float sums of up to ~10⁵ unit normals: ~1e-3).
    private static void AssertClose(float[] actual, double[] expected, string label, double absolute = 1e-3)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), label);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within((1e-5 * Math.Abs(expected[i])) + absolute), $"{label}: element {i}");
        }
    }
}
