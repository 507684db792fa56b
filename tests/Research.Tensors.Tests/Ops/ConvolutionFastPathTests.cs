using NUnit.Framework;
using Research.Tensors.Kernels;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;
using static Research.Tensors.Tests.Ops.ConvolutionReference;
using static Research.Tensors.Tests.Ops.ConvolutionReferenceTests;

namespace Research.Tensors.Tests.Ops;

/// <summary>
/// The float32 inference fast paths of the convolution forward against the direct loops in double (tolerance as in
/// <see cref="ConvolutionReferenceTests"/>: 1e-5 · (1 + Σ|terms|)), on shapes that reach their special cases:
/// position-major tiles (several tiles per image, ragged last tile, output channels not a multiple of 8, groups,
/// batch), Winograd F(2×2, 3×3) for 3×3 and for 5×5 as four 3×3 pieces (odd and even outputs, vector and scalar
/// tile paths, groups, padding 0–2, a single tile row, K up to 3200, tile-row blocks), the stride-1 path that reads weights and one padded input copy through GEMM run maps (3×3 with
/// few channels, 5×5, dilation, groups, 3-D, rows narrower than a vector); plus bit-identical results for 1, 2 and 3
/// threads and for the fused ReLU.
/// </summary>
public class ConvolutionFastPathTests
{
    public static IEnumerable<TestCaseData> Cases()
    {
        (int Spatial, Config Config, string Name)[] cases =
        [
            (2, Make(1, 3, 64, 1, [131, 131], [11, 11], [4, 4], [2, 2], [1, 1]), "AlexNet conv1, 961 positions in 4 tiles"),
            (2, Make(2, 32, 48, 2, [60, 60], [3, 3], [2, 2], [1, 1], [1, 1]), "position-major, groups 2 of 24, batch 2, 2 tiles"),
            (2, Make(1, 4, 20, 1, [50, 50], [3, 3], [2, 2], [0, 0], [1, 1]), "position-major, 20 outputs (generic transpose)"),
            (2, Make(1, 3, 16, 1, [29, 23], [11, 11], [4, 4], [2, 2], [1, 1]), "position-major, fewer positions than 8 in the tail"),
            (2, Make(2, 24, 40, 1, [17, 19], [3, 3], [1, 1], [1, 1], [1, 1]), "Winograd 3x3, batch 2, odd output, vector tiles with overlap"),
            (2, Make(1, 64, 48, 1, [31, 31], [3, 3], [1, 1], [1, 1], [1, 1]), "Winograd 3x3, AlexNet conv3-5 tiling (31x31)"),
            (2, Make(1, 256, 16, 1, [12, 13], [3, 3], [1, 1], [1, 1], [1, 1]), "Winograd 3x3, 256 input channels (K = 2304)"),
            (2, Make(2, 32, 32, 2, [10, 12], [3, 3], [1, 1], [0, 0], [1, 1]), "Winograd 3x3, groups 2 of 16, no padding, scalar tiles"),
            (2, Make(1, 16, 16, 1, [4, 4], [3, 3], [1, 1], [0, 0], [1, 1]), "Winograd 3x3, a single 2x2 tile"),
            (2, Make(1, 16, 24, 1, [9, 17], [3, 3], [1, 1], [2, 2], [1, 1]), "Winograd 3x3, padding 2"),
            (2, Make(1, 8, 12, 1, [14, 15], [3, 3], [1, 1], [1, 1], [1, 1]), "stride 1, 3x3, 8 input channels (shifted-input path)"),
            (2, Make(1, 16, 24, 1, [21, 20], [5, 5], [1, 1], [2, 2], [1, 1]), "Winograd 5x5 pad 2 (AlexNet conv2 form)"),
            (2, Make(2, 32, 48, 2, [19, 23], [5, 5], [1, 1], [2, 2], [1, 1]), "Winograd 5x5, groups 2, batch 2, vector tiles"),
            (2, Make(1, 16, 16, 1, [6, 7], [5, 5], [1, 1], [0, 0], [1, 1]), "Winograd 5x5, no padding, 2x3 output"),
            (2, Make(1, 128, 16, 1, [9, 8], [5, 5], [1, 1], [1, 1], [1, 1]), "Winograd 5x5, 128 input channels (K = 3200)"),
            (2, Make(1, 8, 12, 1, [21, 20], [5, 5], [1, 1], [2, 2], [1, 1]), "stride 1, 5x5, 8 input channels (shifted-input path)"),
            (2, Make(1, 8, 12, 2, [15, 16], [3, 3], [1, 1], [2, 2], [2, 2]), "stride 1, dilation 2, groups 2"),
            (2, Make(1, 8, 8, 1, [6, 5], [3, 3], [1, 1], [1, 1], [1, 1]), "stride 1, rows narrower than a vector"),
            (3, Make(2, 4, 6, 1, [5, 8, 9], [3, 3, 3], [1, 1, 1], [1, 1, 1], [1, 1, 1]), "3-D stride 1"),
        ];
        foreach (var (spatial, config, name) in cases)
        {
            yield return new TestCaseData(spatial, config).SetName($"Fast path: {name}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Forward_MatchesDirectLoops(int spatial, Config c)
    {
        var rng = new Rng(23);
        var x = Input(rng, c, spatial, permuted: false);
        var w = Tensor.Randn<float>(rng, [c.O, c.C / c.Groups, .. c.K[(3 - spatial)..]]);
        var b = Tensor.Randn<float>(rng, c.O);
        var y = Conv(spatial, x, w, b, c);
        var r = ConvolutionReference.Conv(c, Doubles(x), Doubles(w), Doubles(b), new double[c.OutCount]);
        Near(y.ToArray(), r.Y, r.AbsY, "y");
    }

    [TestCaseSource(nameof(Cases))]
    public void Forward_IsBitIdenticalForOneTwoAndThreeThreads_AndFusedReluMatches(int spatial, Config c)
    {
        var rng = new Rng(29);
        var x = Input(rng, c, spatial, permuted: false);
        var w = Tensor.Randn<float>(rng, [c.O, c.C / c.Groups, .. c.K[(3 - spatial)..]]);
        var b = Tensor.Randn<float>(rng, c.O);
        var saved = ComputeThreads.Count;
        try
        {
            float[] Run(int threads)
            {
                ComputeThreads.Count = threads;
                return Conv(spatial, x, w, b, c).ToArray();
            }

            var one = Run(1);
            Assert.That(Run(2), Is.EqualTo(one), "2 threads");
            Assert.That(Run(3), Is.EqualTo(one), "3 threads");
            // The 2-D cases are square in stride, padding and dilation.
            if (spatial == 2)
            {
                var fused = Functional.Conv2dRelu(x, w, b, c.S[2], c.P[2], c.D[2], c.Groups);
                Assert.That(fused.ToArray(), Is.EqualTo(one.Select(v => v > 0f ? v : 0f).ToArray()), "fused ReLU");
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [TestCase(3, 1)]
    [TestCase(3, 3)]
    [TestCase(5, 1)]
    [TestCase(5, 4)]
    public void Winograd_TileRowBlocks_GiveTheSameBits(int k, int blockRows)
    {
        // 20×21 output: 10 × 11 tiles (5×5: a 12-wide tile grid); blocks of a few tile rows (the last one shorter)
        // against one block.
        var rng = new Rng(37);
        var (n, c, o, h, w) = (2, 16, 24, 20, 21);
        var x = Tensor.Randn<float>(rng, n, c, h, w);
        var weight = Tensor.Randn<float>(rng, o, c, k, k);
        var bias = Tensor.Randn<float>(rng, o);
        var whole = Functional.Conv2dRelu(x, weight, bias, 1, k / 2).ToArray();
        var g = new WindowGeometry(n, c, o, 1, [1, h, w], [1, k, k], [1, 1, 1], [0, k / 2, k / 2], [1, 1, 1]);
        Assert.That(Winograd3x3.Applies(g), Is.True);
        var y = new float[whole.Length];
        var gridWidth = 11 + ((k - 1) / 2) - 1;
        Winograd3x3.Forward(g, x.ToArray(), 0, weight.ToArray(), 0, bias.ToArray(), 0, y, relu: true, blockBudget: 16 * (c + o) * gridWidth * blockRows);
        Assert.That(y, Is.EqualTo(whole));
    }

    [Test]
    public void Forward_WithoutBias_MatchesZeroBias()
    {
        var rng = new Rng(31);
        foreach (var (c, o, k, stride, padding) in new[] { (3, 64, 11, 4, 2), (3, 24, 3, 1, 1), (16, 32, 3, 1, 1) })
        {
            var x = Tensor.Randn<float>(rng, 1, c, 75, 70);
            var w = Tensor.Randn<float>(rng, o, c, k, k);
            var none = Functional.Conv2d(x, w, null, stride, padding);
            var zero = Functional.Conv2d(x, w, Tensor.Zeros<float>(o), stride, padding);
            Assert.That(none.ToArray(), Is.EqualTo(zero.ToArray()), $"{o} outputs, k {k}");
        }
    }
}
