using BenchmarkDotNet.Attributes;
using Research.Splatting.Cameras;
using Research.Splatting.Diagnostics;
using Research.Splatting.Rasterization;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Benchmarks.Splatting;

/// <summary>
/// The whole rasterizer (projection, SH, binning, compositing; then the backward pass to means, SH, opacities, scales
/// and rotations) on <see cref="SyntheticSplatScene"/>: the two sizes, 128² with 10k Gaussians and 512² with
/// 50k, on <see cref="ComputeThreads.Count"/> = 2 threads.
/// </summary>
[MemoryDiagnoser]
public class RasterizerBenchmarks
{
    private Camera camera = null!;
    private GaussianRenderInputs inputs = null!;
    private Tensor<float> background = null!;
    private Tensor<float> colorGradient = null!;

    /// <summary>(image size, Gaussians).</summary>
    [Params("128/10000", "512/50000")]
    public string Scene { get; set; } = "128/10000";

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = 2;
        var parts = Scene.Split('/');
        var size = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var count = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        camera = SyntheticSplatScene.Camera(size);
        inputs = SyntheticSplatScene.CreateInputs(count, new Rng(11));
        background = Tensor.FromArray([0.2f, 0.4f, 0.6f], 3);
        colorGradient = Tensor.Randn<float>(new Rng(12), 3, size, size);
    }

    /// <summary>Forward only, no graph.</summary>
    [Benchmark]
    public Tensor<float> Forward()
    {
        using var _ = new NoGrad();
        return GaussianRasterizer.Render(camera, inputs, background).Color;
    }

    /// <summary>Forward, then backward of a fixed colour gradient into every input.</summary>
    [Benchmark]
    public Tensor<float> ForwardBackward()
    {
        foreach (var t in inputs.Tensors)
        {
            t.ZeroGrad();
        }

        GaussianRasterizer.Render(camera, inputs, background).Color.Backward(colorGradient);
        return inputs.Means.Grad!;
    }
}
