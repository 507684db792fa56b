using BenchmarkDotNet.Attributes;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Benchmarks.Tensors;

/// <summary>
/// Bilinear sampling in float32 on <see cref="ComputeThreads.Count"/> threads: <c>GridSample</c> of a 1×32×128×128
/// input at a 128×128 grid (random points in [−1, 1], zeros padding, align_corners false), forward alone and forward +
/// backward to input and grid; <c>Interpolate</c> 1×32×128×128 → 256×256, forward + backward.
/// </summary>
[MemoryDiagnoser]
public class SamplingBenchmarks
{
    private const int Channels = 32;
    private const int Size = 128;

    private Tensor<float> input = null!;
    private Tensor<float> grid = null!;
    private Tensor<float> gridGradOut = null!;
    private Tensor<float> upsampleGradOut = null!;

    /// <summary>Creates the tensors.</summary>
    [GlobalSetup]
    public void Setup()
    {
        input = Tensor.Randn<float>(new Rng(1), 1, Channels, Size, Size);
        grid = Tensor.Uniform(new Rng(2), -1f, 1f, 1, Size, Size, 2);
        gridGradOut = Tensor.Randn<float>(new Rng(3), 1, Channels, Size, Size);
        upsampleGradOut = Tensor.Randn<float>(new Rng(4), 1, Channels, 2 * Size, 2 * Size);
    }

    /// <summary>GridSample forward only (no graph recorded).</summary>
    [Benchmark]
    public Tensor<float> GridSampleForward()
    {
        input.RequiresGrad = false;
        grid.RequiresGrad = false;
        return Functional.GridSample(input, grid);
    }

    /// <summary>GridSample forward, then backward to the input and the grid.</summary>
    [Benchmark]
    public Tensor<float> GridSampleForwardBackward()
    {
        input.RequiresGrad = true;
        grid.RequiresGrad = true;
        input.ZeroGrad();
        grid.ZeroGrad();
        Functional.GridSample(input, grid).Backward(gridGradOut);
        return grid.Grad!;
    }

    /// <summary>Bilinear 2× upsample forward, then backward to the input.</summary>
    [Benchmark]
    public Tensor<float> Upsample2xForwardBackward()
    {
        input.RequiresGrad = true;
        input.ZeroGrad();
        Functional.Interpolate(input, 2 * Size, 2 * Size).Backward(upsampleGradOut);
        return input.Grad!;
    }
}
