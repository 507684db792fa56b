using BenchmarkDotNet.Attributes;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Benchmarks.Tensors.NnOps;

/// <summary>
/// Forward + backward of the fused layer norm (against the same maths composed of generic ops) on 8192 rows of 256,
/// and of the fused training SSIM on a 3×512×512 image pair (forward only and forward + backward).
/// </summary>
[MemoryDiagnoser]
public class NnOpsBenchmarks
{
    private Tensor<float> rows = null!;
    private Tensor<float> weight = null!;
    private Tensor<float> bias = null!;
    private Tensor<float> image = null!;
    private Tensor<float> target = null!;

    [GlobalSetup]
    public void Setup()
    {
        rows = Tensor.Randn<float>(new Rng(1), 8192, 256);
        weight = Tensor.Randn<float>(new Rng(2), 256);
        bias = Tensor.Randn<float>(new Rng(3), 256);
        image = Tensor.Rand<float>(new Rng(4), 1, 3, 512, 512);
        target = Tensor.Rand<float>(new Rng(5), 1, 3, 512, 512);
        foreach (var t in new[] { rows, weight, bias, image })
        {
            t.RequiresGrad = true;
        }
    }

    /// <summary>Fused kernel, forward + backward (x, weight, bias).</summary>
    [Benchmark(Baseline = true)]
    public void LayerNormFused() => Functional.LayerNorm(rows, [256], weight, bias).Sum().Backward();

    /// <summary>The same maths composed of Mean/Sub/Mul/Sqrt/Div, forward + backward.</summary>
    [Benchmark]
    public void LayerNormComposed()
    {
        var centered = rows.Sub(rows.Mean(1, keepDim: true));
        var variance = centered.Mul(centered).Mean(1, keepDim: true);
        centered.Div(variance.Add(1e-5f).Sqrt()).Mul(weight).Add(bias).Sum().Backward();
    }

    /// <summary>SSIM of a 3×512×512 pair, forward only.</summary>
    [Benchmark]
    public float SsimForward()
    {
        using var scope = new Research.Tensors.Autograd.NoGrad();
        return Functional.Ssim(image, target).Item();
    }

    /// <summary>SSIM loss of a 3×512×512 pair, forward + backward w.r.t. the rendered image.</summary>
    [Benchmark]
    public void SsimForwardBackward() => Functional.SsimLoss(image, target).Backward();
}
