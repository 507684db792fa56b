using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using static Research.Tensors.Tests.Ops.ConvolutionReference;

namespace Research.Tensors.Tests.Ops;

/// <summary>
/// Conv1d/2d/3d (float32 fast path: im2col + GEMM) against the direct 7-loop convolution in double, forward and all
/// three gradients. Tolerance: |fast − reference| ≤ 1e-5 · (1 + Σ|terms|), where Σ|terms| is the sum of the
/// magnitudes of the products that make up the element (float32 rounding grows with it).
/// </summary>
public class ConvolutionReferenceTests
{
    private const double Tolerance = 1e-5;

    public static IEnumerable<TestCaseData> Cases()
    {
        // spatial rank, config (3-D padded: leading 1s for 1-D/2-D), name
        (int Spatial, Config Config, string Name)[] cases =
        [
            (2, Make(2, 3, 4, 1, [9, 11], [3, 3], [1, 1], [1, 1], [1, 1]), "3x3 pad 1"),
            (2, Make(1, 4, 6, 2, [10, 7], [3, 2], [2, 3], [1, 0], [2, 1]), "groups 2, stride (2,3), dilation (2,1)"),
            (2, Make(2, 6, 6, 6, [8, 8], [3, 3], [2, 2], [1, 1], [1, 1]), "depthwise stride 2"),
            (2, Make(1, 4, 8, 4, [13, 12], [5, 5], [3, 3], [2, 2], [1, 1]), "depthwise multiplier 2, stride 3"),
            (2, Make(2, 5, 3, 1, [7, 6], [1, 1], [1, 1], [0, 0], [1, 1]), "pointwise 1x1"),
            (2, Make(2, 5, 3, 1, [7, 6], [1, 1], [2, 2], [0, 0], [1, 1]), "1x1 stride 2"),
            (2, Make(1, 1, 1, 1, [1, 1], [1, 1], [1, 1], [0, 0], [1, 1]), "all size 1"),
            (2, Make(3, 2, 3, 1, [1, 9], [1, 3], [1, 1], [0, 1], [1, 2]), "height 1, dilation 2"),
            (2, Make(1, 3, 5, 1, [23, 23], [11, 11], [4, 4], [2, 2], [1, 1]), "AlexNet conv1 shape, stride 4"),
            (2, Make(1, 48, 8, 1, [48, 47], [3, 3], [1, 1], [1, 1], [1, 1]), "stride 1 (shifted-input path)"),
            (2, Make(2, 4, 6, 2, [9, 10], [3, 2], [1, 1], [2, 0], [2, 3]), "stride 1, groups 2, dilation (2,3) (shifted-input path)"),
            (2, Make(1, 5, 3, 1, [6, 7], [5, 5], [1, 1], [2, 2], [1, 1]), "5x5 pad 2 (shifted-input path)"),
            (2, Make(1, 256, 4, 1, [90, 89], [3, 3], [2, 2], [1, 1], [1, 1]), "several column blocks (stride 2)"),
            (2, Make(1, 3, 16, 1, [27, 25], [11, 11], [4, 4], [2, 2], [1, 1]), "AlexNet conv1 shape, 16 outputs (position-major path)"),
            (2, Make(2, 4, 32, 2, [11, 12], [3, 2], [2, 3], [2, 1], [2, 2]), "groups 2 of 16 outputs, dilation 2 (position-major path)"),
            (1, Make(2, 4, 6, 2, [17], [3], [2], [1], [2]), "1-D groups 2, stride 2, dilation 2"),
            (1, Make(1, 3, 20, 1, [19], [4], [2], [3], [1]), "1-D 20 outputs, stride 2 (position-major path)"),
            (1, Make(2, 3, 2, 1, [1], [1], [1], [0], [1]), "1-D length 1"),
            (1, Make(1, 2, 3, 1, [12], [4], [4], [3], [1]), "1-D stride 4"),
            (3, Make(1, 3, 4, 1, [5, 7, 6], [3, 3, 2], [1, 2, 1], [1, 0, 1], [1, 1, 2]), "3-D mixed"),
            (3, Make(2, 4, 2, 2, [4, 5, 5], [2, 2, 2], [2, 2, 2], [1, 1, 1], [1, 1, 1]), "3-D groups 2"),
            (3, Make(1, 4, 4, 2, [5, 6, 7], [2, 3, 2], [1, 1, 1], [1, 1, 0], [2, 1, 2]), "3-D stride 1 (shifted-input path)"),
            (3, Make(1, 3, 8, 1, [5, 20, 20], [5, 7, 7], [1, 2, 2], [0, 0, 0], [1, 1, 1]), "3-D SyncNet stem"),
            (3, Make(1, 2, 16, 1, [4, 9, 8], [2, 3, 3], [1, 2, 2], [1, 1, 0], [1, 1, 1]), "3-D 16 outputs (position-major path)"),
        ];
        foreach (var (spatial, config, name) in cases)
        {
            yield return new TestCaseData(spatial, config, false).SetName($"Conv{spatial}d {name}");
            yield return new TestCaseData(spatial, config, true).SetName($"Conv{spatial}d {name}, permuted input");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void ForwardAndGradients_MatchDirectLoops(int spatial, Config c, bool permuted)
    {
        var rng = new Rng(17);
        var x = Input(rng, c, spatial, permuted);
        var w = Tensor.Randn<float>(rng, [c.O, c.C / c.Groups, .. c.K[(3 - spatial)..]]);
        var b = Tensor.Randn<float>(rng, c.O);
        foreach (var t in new[] { x, w, b })
        {
            t.RequiresGrad = true;
        }

        var y = Conv(spatial, x, w, b, c);
        Assert.That(y.Shape, Is.EqualTo(new[] { c.N, c.O }.Concat(c.Out[(3 - spatial)..])));
        var gy = Tensor.Randn<float>(rng, [.. y.Shape]);
        y.Backward(gy);

        var r = ConvolutionReference.Conv(c, Doubles(x), Doubles(w), Doubles(b), Doubles(gy));
        Near(y.ToArray(), r.Y, r.AbsY, "y");
        Near(x.Grad!.ToArray(), r.Gx, r.AbsGx, "grad input");
        Near(w.Grad!.ToArray(), r.Gw, r.AbsGw, "grad weight");
        Near(b.Grad!.ToArray(), r.Gb, r.AbsGb, "grad bias");
    }

    [Test]
    public void WithoutBias_AndUnbatchedInput_MatchBatched()
    {
        var rng = new Rng(3);
        var x = Tensor.Randn<float>(rng, 3, 9, 8);
        var w = Tensor.Randn<float>(rng, 4, 3, 3, 3);
        var unbatched = Functional.Conv2d(x, w, null, 2, 1);
        var batched = Functional.Conv2d(x.Unsqueeze(0), w, null, 2, 1);
        Assert.That(unbatched.Shape, Is.EqualTo(new[] { 4, 5, 4 }));
        Assert.That(unbatched.ToArray(), Is.EqualTo(batched.ToArray()));
    }

    [Test]
    public void RepeatedCalls_AreBitIdentical()
    {
        var rng = new Rng(4);
        var x = Tensor.Randn<float>(rng, 2, 16, 30, 31);
        var w = Tensor.Randn<float>(rng, 32, 8, 3, 3);
        w.RequiresGrad = true;
        x.RequiresGrad = true;
        float[] Run()
        {
            x.ZeroGrad();
            w.ZeroGrad();
            var y = Functional.Conv2d(x, w, null, 1, 1, 1, 2);
            y.Sum().Backward();
            return [.. y.ToArray(), .. x.Grad!.ToArray(), .. w.Grad!.ToArray()];
        }

        var first = Run();
        var second = Run();
        Assert.That(second, Is.EqualTo(first));
    }

    internal static Config Make(int n, int c, int o, int groups, int[] size, int[] k, int[] s, int[] p, int[] d)
    {
        static int[] Pad(int[] v, int fill) => [.. Enumerable.Repeat(fill, 3 - v.Length), .. v];
        return new Config(n, c, o, groups, Pad(size, 1), Pad(k, 1), Pad(s, 1), Pad(p, 0), Pad(d, 1));
    }

    /// <summary>[N, C, spatial…] random input; when permuted, a non-contiguous view of an [N, spatial…, C] tensor.</summary>
    internal static Tensor<float> Input(Rng rng, Config c, int spatial, bool permuted)
    {
        var sizes = c.In[(3 - spatial)..];
        if (!permuted)
        {
            return Tensor.Randn<float>(rng, [c.N, c.C, .. sizes]);
        }

        var source = Tensor.Randn<float>(rng, [c.N, .. sizes, c.C]);
        var view = source.Permute([0, spatial + 1, .. Enumerable.Range(1, spatial)]);
        Assert.That(view.IsContiguous, Is.EqualTo(c.C == 1 || sizes.All(s => s == 1)));
        return view.Detach();
    }

    internal static Tensor<float> Conv(int spatial, Tensor<float> x, Tensor<float> w, Tensor<float>? b, Config c) => spatial switch
    {
        1 => Functional.Conv1d(x, w, b, c.S[2], c.P[2], c.D[2], c.Groups),
        2 => Functional.Conv2d(x, w, b, (c.S[1], c.S[2]), (c.P[1], c.P[2]), (c.D[1], c.D[2]), c.Groups),
        _ => Functional.Conv3d(x, w, b, (c.S[0], c.S[1], c.S[2]), (c.P[0], c.P[1], c.P[2]), (c.D[0], c.D[1], c.D[2]), c.Groups),
    };

    internal static double[] Doubles(Tensor<float> t) => [.. t.ToArray().Select(v => (double)v)];

    internal static void Near(float[] actual, double[] expected, double[] magnitude, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        for (var i = 0; i < actual.Length; i++)
        {
            var tolerance = Tolerance * (1 + magnitude[i]);
            if (Math.Abs(actual[i] - expected[i]) > tolerance)
            {
                Assert.Fail($"{what}[{i}]: {actual[i]} vs reference {expected[i]} (tolerance {tolerance})");
            }
        }
    }
}
