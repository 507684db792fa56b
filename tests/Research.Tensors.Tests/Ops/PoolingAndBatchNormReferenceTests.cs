using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using static Research.Tensors.Tests.Ops.ConvolutionReference;
using static Research.Tensors.Tests.Ops.ConvolutionReferenceTests;

namespace Research.Tensors.Tests.Ops;

/// <summary>
/// MaxPool2d/3d and AvgPool2d (float32) and eval-mode batch norm against loops in double. Max pooling selects an
/// input element, so values and gradients must match exactly; averages and batch norm within 1e-6 · (1 + |ref|).
/// </summary>
public class PoolingAndBatchNormReferenceTests
{
    public static IEnumerable<TestCaseData> PoolCases()
    {
        (int Spatial, Config Config, string Name)[] cases =
        [
            (2, Make(1, 3, 3, 1, [15, 13], [3, 3], [2, 2], [0, 0], [1, 1]), "3/2 (AlexNet)"),
            (2, Make(2, 2, 2, 1, [8, 9], [2, 2], [2, 2], [0, 0], [1, 1]), "2/2"),
            (2, Make(1, 2, 2, 1, [7, 6], [3, 3], [1, 1], [1, 1], [1, 1]), "3/1 pad 1"),
            (2, Make(2, 3, 3, 1, [9, 7], [3, 2], [2, 1], [1, 1], [1, 1]), "(3,2)/(2,1) pad 1"),
            (2, Make(1, 1, 1, 1, [1, 1], [1, 1], [1, 1], [0, 0], [1, 1]), "size 1"),
            (2, Make(1, 2, 2, 1, [5, 17], [5, 4], [4, 3], [2, 2], [1, 1]), "(5,4)/(4,3) pad 2"),
            (3, Make(1, 3, 3, 1, [3, 11, 10], [1, 3, 3], [1, 2, 2], [0, 0, 0], [1, 1, 1]), "3-D (1,3,3)/(1,2,2) (SyncNet)"),
            (3, Make(2, 2, 2, 1, [4, 5, 6], [2, 2, 2], [2, 2, 2], [1, 1, 1], [1, 1, 1]), "3-D 2/2 pad 1"),
        ];
        foreach (var (spatial, config, name) in cases)
        {
            foreach (var permuted in new[] { false, true })
            {
                var suffix = permuted ? ", permuted input" : string.Empty;
                yield return new TestCaseData(spatial, config, permuted, true, true).SetName($"MaxPool{spatial}d {name}{suffix}");
                if (spatial == 2)
                {
                    yield return new TestCaseData(spatial, config, permuted, false, true).SetName($"AvgPool2d {name}{suffix}");
                    yield return new TestCaseData(spatial, config, permuted, false, false).SetName($"AvgPool2d {name}, count_include_pad false{suffix}");
                }
            }
        }
    }

    [TestCaseSource(nameof(PoolCases))]
    public void Pool_ForwardAndGradient_MatchLoops(int spatial, Config c, bool permuted, bool max, bool countIncludePad)
    {
        var rng = new Rng(21);
        var x = Input(rng, c, spatial, permuted);
        x.RequiresGrad = true;
        var y = Pool(spatial, x, c, max, countIncludePad);
        Assert.That(y.Shape, Is.EqualTo(new[] { c.N, c.C }.Concat(c.Out[(3 - spatial)..])));
        var gy = Tensor.Randn<float>(rng, [.. y.Shape]);
        y.Backward(gy);
        var (ry, rgx) = ConvolutionReference.Pool(c, Doubles(x), Doubles(gy), max, countIncludePad);
        if (max)
        {
            Assert.That(y.ToArray().Select(v => (double)v), Is.EqualTo(ry));
            Assert.That(x.Grad!.ToArray().Select(v => (double)v), Is.EqualTo(rgx).Within(1e-6));
        }
        else
        {
            Near(y.ToArray(), ry, [.. ry.Select(Math.Abs)], "y");
            Near(x.Grad!.ToArray(), rgx, [.. rgx.Select(Math.Abs)], "grad input");
        }
    }

    [Test]
    public void MaxPool_TiesSendGradientToFirstMaximum_AndPaddingIsMinusInfinity()
    {
        var x = Tensor.Full([1, 1, 2, 2], -5f);
        x.RequiresGrad = true;
        var y = Functional.MaxPool2d(x, 2, 1, 1);
        Assert.That(y.ToArray(), Is.All.EqualTo(-5f));
        y.Sum().Backward();

        // Each of the 3×3 windows sees the top-left-most in-range element first; the four elements win 4, 2, 2, 1 times.
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 4f, 2f, 2f, 1f }));
    }

    [Test]
    public void MaxPool_PropagatesNaN()
    {
        var x = Tensor.FromArray([1f, float.NaN, 3f, 2f], 1, 1, 2, 2);
        Assert.That(float.IsNaN(Functional.MaxPool2d(x, 2).Item()), Is.True);
    }

    [TestCase(new[] { 4, 3 }, false)]
    [TestCase(new[] { 2, 3, 5 }, false)]
    [TestCase(new[] { 2, 3, 4, 5 }, false)]
    [TestCase(new[] { 2, 3, 4, 5 }, true)]
    [TestCase(new[] { 1, 2, 3, 4, 5 }, false)]
    [TestCase(new[] { 1, 2, 3, 4, 5 }, true)]
    public void BatchNorm_Eval_MatchesFormula(int[] shape, bool permuted)
    {
        var rng = new Rng(8);
        var c = shape[1];
        Tensor<float> x;
        if (permuted)
        {
            // [N, …, C] permuted to [N, C, …]: a non-contiguous view.
            int[] channelsLast = [shape[0], .. shape[2..], c];
            x = Tensor.Randn<float>(rng, channelsLast).Permute([0, shape.Length - 1, .. Enumerable.Range(1, shape.Length - 2)]);
        }
        else
        {
            x = Tensor.Randn<float>(rng, shape);
        }

        var mean = Tensor.Randn<float>(rng, c);
        var variance = Tensor.Uniform(rng, 0.1f, 3f, c);
        var w = Tensor.Randn<float>(rng, c);
        var b = Tensor.Randn<float>(rng, c);
        var y = Functional.BatchNorm(x, mean, variance, w, b).ToArray();
        var xs = x.ToArray();
        var plane = xs.Length / (shape[0] * c);
        for (var i = 0; i < xs.Length; i++)
        {
            var ch = i / plane % c;
            var expected = ((xs[i] - (double)mean.ToArray()[ch]) / Math.Sqrt(variance.ToArray()[ch] + 1e-5) * w.ToArray()[ch]) + b.ToArray()[ch];
            Assert.That(y[i], Is.EqualTo(expected).Within(1e-6 * (1 + Math.Abs(expected))), $"element {i}");
        }
    }

    [Test]
    public void BatchNorm_RecordingPath_MatchesFastPath()
    {
        var rng = new Rng(9);
        var x = Tensor.Randn<float>(rng, 2, 4, 3, 3);
        var mean = Tensor.Randn<float>(rng, 4);
        var variance = Tensor.Uniform(rng, 0.1f, 3f, 4);
        var w = Tensor.Randn<float>(rng, 4);
        var b = Tensor.Randn<float>(rng, 4);
        var fast = Functional.BatchNorm(x, mean, variance, w, b).ToArray();
        x.RequiresGrad = true;
        var recorded = Functional.BatchNorm(x, mean, variance, w, b);
        Assert.That(recorded.RequiresGrad, Is.True);
        Assert.That(recorded.ToArray(), Is.EqualTo(fast).Within(1e-5));
    }

    internal static Tensor<float> Pool(int spatial, Tensor<float> x, Config c, bool max, bool countIncludePad) => (spatial, max) switch
    {
        (2, true) => Functional.MaxPool2d(x, (c.K[1], c.K[2]), (c.S[1], c.S[2]), (c.P[1], c.P[2])),
        (2, false) => Functional.AvgPool2d(x, (c.K[1], c.K[2]), (c.S[1], c.S[2]), (c.P[1], c.P[2]), countIncludePad),
        _ => Functional.MaxPool3d(x, (c.K[0], c.K[1], c.K[2]), (c.S[0], c.S[1], c.S[2]), (c.P[0], c.P[1], c.P[2])),
    };
}
