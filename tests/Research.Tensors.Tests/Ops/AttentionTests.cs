using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using static Research.Tensors.Tests.Autograd.GradCheck;

namespace Research.Tensors.Tests.Ops;

/// <summary>Scaled dot-product and multi-head attention against naive double implementations; float64 gradient checks.</summary>
public class AttentionTests
{
    [TestCase(new[] { 1 }, 1, 1, 1, 1)]
    [TestCase(new[] { 2, 3 }, 5, 7, 4, 3)]
    [TestCase(new int[0], 6, 2, 8, 5)]
    public void Sdpa_MatchesNaive(int[] lead, int l, int s, int d, int dv)
    {
        var q = Tensor.Randn<float>(new Rng(1), [.. lead, l, d]);
        var k = Tensor.Randn<float>(new Rng(2), [.. lead, s, d]);
        var v = Tensor.Randn<float>(new Rng(3), [.. lead, s, dv]);
        var batch = lead.Aggregate(1, (a, b) => a * b);
        var expected = NaiveSdpa(q.ToArray(), k.ToArray(), v.ToArray(), null, batch, l, s, d, dv, 1 / Math.Sqrt(d));
        var y = Functional.ScaledDotProductAttention(q, k, v);
        Assert.That(y.Shape, Is.EqualTo(lead.Append(l).Append(dv).ToArray()));
        Assert.That(y.ToArray(), Is.EqualTo(expected).Within(1e-5));
        var scaled = NaiveSdpa(q.ToArray(), k.ToArray(), v.ToArray(), null, batch, l, s, d, dv, 0.3);
        Assert.That(Functional.ScaledDotProductAttention(q, k, v, scale: 0.3).ToArray(), Is.EqualTo(scaled).Within(1e-5));
    }

    [Test]
    public void Sdpa_MasksAndStridedInputs()
    {
        const int b = 2, l = 4, s = 5, d = 3;
        var q = Tensor.Randn<float>(new Rng(4), b, d, l).Transpose(1, 2); // strided
        var k = Tensor.Randn<float>(new Rng(5), b, s, d);
        var v = Tensor.Randn<float>(new Rng(6), b, s, d);
        var additive = Tensor.Randn<float>(new Rng(7), l, s);
        var expected = NaiveSdpa(q.ToArray(), k.ToArray(), v.ToArray(), Broadcast(additive.ToArray(), b), b, l, s, d, d, 1 / Math.Sqrt(d));
        Assert.That(Functional.ScaledDotProductAttention(q, k, v, additive).ToArray(), Is.EqualTo(expected).Within(1e-5));

        // Causal: allow j ≤ i (non-zero) ⇔ block j > i.
        var allow = new float[l * s];
        var block = new float[l * s];
        var causal = new double[l * s];
        for (var i = 0; i < l; i++)
        {
            for (var j = 0; j < s; j++)
            {
                allow[(i * s) + j] = j <= i ? 1 : 0;
                block[(i * s) + j] = j <= i ? 0 : 1;
                causal[(i * s) + j] = j <= i ? 0 : double.NegativeInfinity;
            }
        }

        var causalExpected = NaiveSdpa(q.ToArray(), k.ToArray(), v.ToArray(), Broadcast(causal, b), b, l, s, d, d, 1 / Math.Sqrt(d));
        Assert.That(Functional.ScaledDotProductAttention(q, k, v, Tensor.FromArray(allow, l, s), AttentionMaskKind.AllowNonZero).ToArray(), Is.EqualTo(causalExpected).Within(1e-5));
        Assert.That(Functional.ScaledDotProductAttention(q, k, v, Tensor.FromArray(block, 1, l, s), AttentionMaskKind.BlockNonZero).ToArray(), Is.EqualTo(causalExpected).Within(1e-5));
    }

    [Test]
    public void Sdpa_GradCheck() =>
        Check(t => Functional.ScaledDotProductAttention(t[0], t[1], t[2], t[3]), Randn(1, 2, 3, 4), Randn(2, 2, 5, 4), Randn(3, 2, 5, 2), Randn(4, 3, 5));

    [Test]
    public void Sdpa_GradCheckStridedQuery() =>
        Check(t => Functional.ScaledDotProductAttention(t[0], t[1], t[2]), TransposedLeaf(1, 3, 4), Randn(2, 2, 4), Randn(3, 2, 3));

    [Test]
    public void Sdpa_BadShapes_Throw()
    {
        var q = Tensor.Zeros<float>(2, 3, 4);
        Assert.That(() => Functional.ScaledDotProductAttention(q, Tensor.Zeros<float>(2, 5, 3), Tensor.Zeros<float>(2, 5, 3)), Throws.ArgumentException.With.Message.Contains("ScaledDotProductAttention").And.Message.Contains("[2, 5, 3]"));
        Assert.That(() => Functional.ScaledDotProductAttention(q, q, q, Tensor.Zeros<float>(4, 3)), Throws.ArgumentException.With.Message.Contains("mask [4, 3]"));
    }

    [TestCase(false, 3)]
    [TestCase(true, 3)]
    [TestCase(false, 0)]
    public void Mha_MatchesNaive(bool batchFirst, int batch)
    {
        const int e = 8, heads = 2, l = 3, s = 5;
        var mha = new MultiheadAttention<float>(e, heads, new Rng(1), batchFirst: batchFirst);
        using (new Research.Tensors.Autograd.NoGrad())
        {
            // Non-zero biases so the test covers them (PyTorch initialises them to zero).
            Tensor.Randn<float>(new Rng(9), 3 * e).ToArray().CopyTo(mha.InProjBias!.Storage, 0);
            Tensor.Randn<float>(new Rng(10), e).ToArray().CopyTo(mha.OutProj.Bias!.Storage, 0);
        }

        var n = Math.Max(1, batch);
        var qn = Tensor.Randn<float>(new Rng(2), n, l, e);
        var kn = Tensor.Randn<float>(new Rng(3), n, s, e);
        var vn = Tensor.Randn<float>(new Rng(4), n, s, e);
        var mask = Tensor.Randn<float>(new Rng(5), l, s);
        var (expected, expectedWeights) = NaiveMha(mha, qn.ToArray(), kn.ToArray(), vn.ToArray(), mask.ToArray(), n, l, s);

        Tensor<float> Arrange(Tensor<float> t) => batch == 0 ? t.Squeeze(0) : batchFirst ? t : t.Transpose(0, 1);
        var (output, weights) = mha.ForwardWithWeights(Arrange(qn), Arrange(kn), Arrange(vn), mask);
        var back = batch == 0 ? output.Unsqueeze(0) : batchFirst ? output : output.Transpose(0, 1);
        Assert.That(back.ToArray(), Is.EqualTo(expected).Within(2e-5));
        Assert.That(weights.ToArray(), Is.EqualTo(expectedWeights).Within(1e-6));
    }

    [Test]
    public void Mha_NamesShapesAndInitLikePyTorch()
    {
        var mha = new MultiheadAttention<float>(6, 3, new Rng(1));
        Assert.That(mha.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias" }));
        Assert.That(mha.Parameters().Select(p => p.Shape.ToArray()), Is.EqualTo(new[] { new[] { 18, 6 }, new[] { 18 }, new[] { 6, 6 }, new[] { 6 } }));
        Assert.That(mha.InProjWeight.ToArray(), Has.All.InRange(-0.5f, 0.5f)); // √(6 / 24)
        Assert.That(mha.InProjBias!.ToArray().Concat(mha.OutProj.Bias!.ToArray()), Has.All.EqualTo(0f));
        Assert.That(new MultiheadAttention<float>(4, 2, new Rng(1), bias: false).NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "in_proj_weight", "out_proj.weight" }));
        Assert.That(() => new MultiheadAttention<float>(5, 2, new Rng(1)), Throws.ArgumentException.With.Message.Contains("not divisible"));
    }

    [Test]
    public void Mha_GradCheckParametersAndInputs()
    {
        var mha = new MultiheadAttention<double>(4, 2, new Rng(1), batchFirst: true);
        var q = Randn(2, 2, 3, 4);
        var kv = Randn(3, 2, 2, 4);
        Check(t => mha.Forward(t[0], t[1], t[1]), q, kv);
        Check(_ => mha.Forward(q.Detach(), kv.Detach(), kv.Detach()), [.. mha.Parameters()]);
    }

    private static double[] Broadcast(IReadOnlyList<float> mask, int batch) => [.. Enumerable.Range(0, batch).SelectMany(_ => mask.Select(m => (double)m))];

    private static double[] Broadcast(IReadOnlyList<double> mask, int batch) => [.. Enumerable.Range(0, batch).SelectMany(_ => mask)];

    private static double[] NaiveSdpa(float[] q, float[] k, float[] v, double[]? mask, int batch, int l, int s, int d, int dv, double scale)
    {
        var result = new double[batch * l * dv];
        for (var b = 0; b < batch; b++)
        {
            for (var i = 0; i < l; i++)
            {
                var row = NaiveWeights(q, k, mask, b, i, l, s, d, scale);
                for (var c = 0; c < dv; c++)
                {
                    double acc = 0;
                    for (var j = 0; j < s; j++)
                    {
                        acc += row[j] * v[(((b * s) + j) * dv) + c];
                    }

                    result[(((b * l) + i) * dv) + c] = acc;
                }
            }
        }

        return result;
    }

    private static double[] NaiveWeights(IReadOnlyList<float> q, IReadOnlyList<float> k, double[]? mask, int b, int i, int l, int s, int d, double scale)
    {
        var scores = new double[s];
        for (var j = 0; j < s; j++)
        {
            double dot = 0;
            for (var c = 0; c < d; c++)
            {
                dot += (double)q[(((b * l) + i) * d) + c] * k[(((b * s) + j) * d) + c];
            }

            scores[j] = (dot * scale) + (mask?[(((b * l) + i) * s) + j] ?? 0);
        }

        var max = scores.Max();
        var z = scores.Sum(x => Math.Exp(x - max));
        return [.. scores.Select(x => Math.Exp(x - max) / z)];
    }

    /// <summary>torch.nn.MultiheadAttention's math in double over [n, L, E] inputs: output [n, L, E] and head-averaged weights [n, L, S].</summary>
    private static (double[] Output, double[] Weights) NaiveMha(MultiheadAttention<float> mha, float[] q, float[] k, float[] v, float[] mask, int n, int l, int s)
    {
        var e = mha.EmbedDim;
        var heads = mha.NumHeads;
        var hd = e / heads;
        var w = mha.InProjWeight.ToArray();
        var bias = mha.InProjBias!.ToArray();
        var ow = mha.OutProj.Weight.ToArray();
        var ob = mha.OutProj.Bias!.ToArray();
        float[] Project(float[] x, int len, int part)
        {
            var r = new float[n * len * e];
            for (var t = 0; t < n * len; t++)
            {
                for (var o = 0; o < e; o++)
                {
                    double acc = bias[(part * e) + o];
                    for (var c = 0; c < e; c++)
                    {
                        acc += (double)w[(((part * e) + o) * e) + c] * x[(t * e) + c];
                    }

                    r[(t * e) + o] = (float)acc;
                }
            }

            return r;
        }

        var (pq, pk, pv) = (Project(q, l, 0), Project(k, s, 1), Project(v, s, 2));
        var concat = new double[n * l * e];
        var weights = new double[n * l * s];
        var scale = 1 / Math.Sqrt(hd);
        var maskD = mask.Select(m => (double)m).ToArray();
        for (var b = 0; b < n; b++)
        {
            for (var h = 0; h < heads; h++)
            {
                // Head h of batch b as contiguous [len, hd] slices.
                var qh = new float[l * hd];
                var kh = new float[s * hd];
                var vh = new float[s * hd];
                for (var t = 0; t < l; t++)
                {
                    Array.Copy(pq, (((b * l) + t) * e) + (h * hd), qh, t * hd, hd);
                }

                for (var t = 0; t < s; t++)
                {
                    Array.Copy(pk, (((b * s) + t) * e) + (h * hd), kh, t * hd, hd);
                    Array.Copy(pv, (((b * s) + t) * e) + (h * hd), vh, t * hd, hd);
                }

                for (var i = 0; i < l; i++)
                {
                    var row = NaiveWeights(qh, kh, maskD, 0, i, l, s, hd, scale);
                    for (var j = 0; j < s; j++)
                    {
                        weights[(((b * l) + i) * s) + j] += row[j] / heads;
                    }

                    for (var c = 0; c < hd; c++)
                    {
                        double acc = 0;
                        for (var j = 0; j < s; j++)
                        {
                            acc += row[j] * vh[(j * hd) + c];
                        }

                        concat[(((b * l) + i) * e) + (h * hd) + c] = acc;
                    }
                }
            }
        }

        var output = new double[n * l * e];
        for (var t = 0; t < n * l; t++)
        {
            for (var o = 0; o < e; o++)
            {
                double acc = ob[o];
                for (var c = 0; c < e; c++)
                {
                    acc += ow[(o * e) + c] * concat[(t * e) + c];
                }

                output[(t * e) + o] = acc;
            }
        }

        return (output, weights);
    }
}
