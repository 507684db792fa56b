using BenchmarkDotNet.Attributes;
using Research.Splatting.Cameras;
using Research.Splatting.Diagnostics;
using Research.Splatting.Rasterization;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Benchmarks.Splatting;

/// <summary>
/// Projection + SH stage (<see cref="GaussianProjection"/>) on <see cref="SyntheticSplatScene"/>: 50,000 Gaussians, SH degree 3,
/// <see cref="ComputeThreads.Count"/> = 1 and 2. Target (2 threads): forward + backward ≲ 3 ms.
/// </summary>
[MemoryDiagnoser]
public class ProjectionBenchmarks
{
    private const int Gaussians = 50_000;
    private Camera camera = null!;
    private ProjectionInputs inputs = null!;
    private ProjectedGaussians projected = null!;
    private ProjectedGaussiansGradient dProjected = null!;
    private ProjectionGradients gradients = null!;

    /// <summary>ComputeThreads.Count (the target is for 2; 1 shows the per-core cost).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = Threads;
        camera = SyntheticSplatScene.Camera(512);
        inputs = SyntheticSplatScene.CreateProjectionInputs(Gaussians, new Rng(1));
        projected = new ProjectedGaussians(Gaussians);
        dProjected = new ProjectedGaussiansGradient(Gaussians);
        gradients = new ProjectionGradients(Gaussians, inputs.ShCoefficients);
        var rng = new Rng(2);
        foreach (var field in new[] { dProjected.MeanX, dProjected.MeanY, dProjected.Depth, dProjected.ConicA, dProjected.ConicB, dProjected.ConicC, dProjected.Opacity, dProjected.Colors })
        {
            for (var j = 0; j < field.Length; j++)
            {
                field[j] = (float)rng.NextUniform(-1, 1);
            }
        }

        GaussianProjection.Forward(camera, inputs, projected);
    }

    /// <summary>Forward only.</summary>
    [Benchmark]
    public void Forward() => GaussianProjection.Forward(camera, inputs, projected);

    /// <summary>Backward only (forward output precomputed).</summary>
    [Benchmark]
    public void Backward() => GaussianProjection.Backward(camera, inputs, projected, dProjected, gradients);

    /// <summary>Forward then backward.</summary>
    [Benchmark]
    public void ForwardBackward()
    {
        GaussianProjection.Forward(camera, inputs, projected);
        GaussianProjection.Backward(camera, inputs, projected, dProjected, gradients);
    }
}
