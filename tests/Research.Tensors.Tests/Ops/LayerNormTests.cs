using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using static Research.Tensors.Tests.Autograd.GradCheck;

namespace Research.Tensors.Tests.Ops;

/// <summary>Fused layer norm against naive double loops and a composition of existing ops; float64 gradient checks.</summary>
public class LayerNormTests
{
    private static readonly int[][] Shapes = [[3, 5, 7], [2, 3, 4], [1, 1], [4, 33], [2, 1025]];

    [TestCase(0, 1, true)]
    [TestCase(1, 2, true)]
    [TestCase(2, 1, false)]
    [TestCase(3, 1, true)]
    [TestCase(4, 1, true)]
    public void Forward_MatchesNaiveDouble(int shapeIndex, int k, bool affine)
    {
        var shape = Shapes[shapeIndex];
        var norm = shape[^k..];
        var x = Tensor.Randn<float>(new Rng(1), shape).Mul(3f).Add(1f);
        var w = affine ? Tensor.Randn<float>(new Rng(2), norm) : null;
        var b = affine ? Tensor.Randn<float>(new Rng(3), norm) : null;
        var y = Functional.LayerNorm(x, norm, w, b).ToArray();
        var expected = Naive(x.ToArray(), shape, norm, w?.ToArray(), b?.ToArray());

        // float rows of ≤ 1025 elements: 1e-5 absolute on O(1) outputs.
        Assert.That(y, Is.EqualTo(expected).Within(2e-5));
    }

    [Test]
    public void Forward_StridedInput_MatchesContiguous()
    {
        var x = Tensor.Randn<float>(new Rng(4), 7, 3, 5).Permute(1, 2, 0); // [3, 5, 7], not contiguous
        Assert.That(x.IsContiguous, Is.False);
        var w = Tensor.Randn<float>(new Rng(5), 7);
        var y = Functional.LayerNorm(x, [7], w).ToArray();
        Assert.That(y, Is.EqualTo(Naive(x.ToArray(), [3, 5, 7], [7], w.ToArray(), null)).Within(2e-5));
    }

    [Test]
    public void Backward_MatchesCompositionOfOps()
    {
        var x1 = Tensor.Randn<float>(new Rng(6), 6, 2, 9);
        var x2 = Tensor.FromArray(x1.ToArray(), 6, 2, 9);
        var w1 = Tensor.Randn<float>(new Rng(7), 2, 9);
        var w2 = Tensor.FromArray(w1.ToArray(), 2, 9);
        var b1 = Tensor.Randn<float>(new Rng(8), 2, 9);
        var b2 = Tensor.FromArray(b1.ToArray(), 2, 9);
        foreach (var t in new[] { x1, x2, w1, w2, b1, b2 })
        {
            t.RequiresGrad = true;
        }

        var gOut = Tensor.Randn<float>(new Rng(9), 6, 2, 9);
        Functional.LayerNorm(x1, [2, 9], w1, b1).Mul(gOut).Sum().Backward();

        var mean = x2.Mean([1, 2], keepDim: true);
        var centered = x2.Sub(mean);
        var variance = centered.Mul(centered).Mean([1, 2], keepDim: true);
        centered.Div(variance.Add(1e-5f).Sqrt()).Mul(w2).Add(b2).Mul(gOut).Sum().Backward();

        Assert.That(x1.Grad!.ToArray(), Is.EqualTo(x2.Grad!.ToArray()).Within(1e-4));
        Assert.That(w1.Grad!.ToArray(), Is.EqualTo(w2.Grad!.ToArray()).Within(1e-4));
        Assert.That(b1.Grad!.ToArray(), Is.EqualTo(b2.Grad!.ToArray()).Within(1e-5));
    }

    [Test]
    public void ForwardAndBackward_AreIndependentOfThreadCount()
    {
        float[][] Run(int threads)
        {
            var saved = Research.Tensors.Threading.ComputeThreads.Count;
            try
            {
                Research.Tensors.Threading.ComputeThreads.Count = threads;
                var x = Tensor.Randn<float>(new Rng(11), 300, 129);
                var w = Tensor.Randn<float>(new Rng(12), 129);
                var b = Tensor.Randn<float>(new Rng(13), 129);
                x.RequiresGrad = w.RequiresGrad = b.RequiresGrad = true;
                var y = Functional.LayerNorm(x, [129], w, b);
                y.Mul(Tensor.Randn<float>(new Rng(14), 300, 129)).Sum().Backward();
                return [y.ToArray(), x.Grad!.ToArray(), w.Grad!.ToArray(), b.Grad!.ToArray()];
            }
            finally
            {
                Research.Tensors.Threading.ComputeThreads.Count = saved;
            }
        }

        Assert.That(Run(3), Is.EqualTo(Run(1)));
    }

    [Test]
    public void GradCheck_InputWeightBias() =>
        Check(t => Functional.LayerNorm(t[0], [2, 5], t[1], t[2]), Randn(1, 3, 2, 5), Randn(2, 2, 5), Randn(3, 2, 5));

    [Test]
    public void GradCheck_NonContiguousInputWithoutAffine() => Check(t => Functional.LayerNorm(t[0], [3]), TransposedLeaf(4, 4, 3));

    [Test]
    public void GradCheck_WeightOnlyOnTransposedInput() => Check(t => Functional.LayerNorm(t[0], [4], t[1]), TransposedLeaf(5, 3, 4), Randn(6, 4));

    [Test]
    public void Module_ParametersLikePyTorchAndForward()
    {
        var layer = new LayerNorm<float>(6);
        Assert.That(layer.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "weight", "bias" }));
        Assert.That(layer.Weight!.ToArray(), Is.All.EqualTo(1f));
        Assert.That(layer.Bias!.ToArray(), Is.All.EqualTo(0f));
        Assert.That(new LayerNorm<float>([2, 3], elementwiseAffine: false).Parameters(), Is.Empty);
        var x = Tensor.Randn<float>(new Rng(10), 4, 6);
        Assert.That(layer.Forward(x).ToArray(), Is.EqualTo(Naive(x.ToArray(), [4, 6], [6], null, null)).Within(2e-5));
    }

    [Test]
    public void BadShapes_ThrowNamingTheOp()
    {
        var x = Tensor.Zeros<float>(2, 3);
        Assert.That(() => Functional.LayerNorm(x, [4]), Throws.ArgumentException.With.Message.Contains("LayerNorm").And.Message.Contains("[2, 3]"));
        Assert.That(() => Functional.LayerNorm(x, [3], Tensor.Ones<float>(2)), Throws.ArgumentException.With.Message.Contains("weight [2]"));
    }

    private static double[] Naive(float[] x, int[] shape, int[] norm, float[]? w, float[]? b)
    {
        var cols = norm.Aggregate(1, (a, c) => a * c);
        var rows = shape.Aggregate(1, (a, c) => a * c) / cols;
        var y = new double[x.Length];
        for (var r = 0; r < rows; r++)
        {
            double mean = 0;
            for (var c = 0; c < cols; c++)
            {
                mean += x[(r * cols) + c];
            }

            mean /= cols;
            double variance = 0;
            for (var c = 0; c < cols; c++)
            {
                var d = x[(r * cols) + c] - mean;
                variance += d * d;
            }

            variance /= cols;
            for (var c = 0; c < cols; c++)
            {
                var v = (x[(r * cols) + c] - mean) / Math.Sqrt(variance + 1e-5);
                y[(r * cols) + c] = (v * (w?[c] ?? 1.0)) + (b?[c] ?? 0.0);
            }
        }

        return y;
    }
}
