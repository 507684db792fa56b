using BenchmarkDotNet.Attributes;
using Research.Splatting.Rasterization;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Benchmarks.Splatting;

/// <summary>
/// Tile binning + compositing (<see cref="GaussianCompositor"/>) on <see cref="ComputeThreads.Count"/> threads for the
/// <see cref="ScreenSpaceScene"/> scenes 128²/10k and 512²/50k: forward alone and forward + backward (∂L/∂colour,
/// ∂L/∂alpha and ∂L/∂depth all given, uniform background). The workspace is reused as in a training loop.
/// </summary>
[MemoryDiagnoser]
public class CompositingBenchmarks
{
    private readonly GaussianCompositor compositor = new();
    private readonly float[] background = [0.2f, 0.5f, 0.8f];
    private readonly float[] gradBackground = new float[3];
    private ProjectedGaussians scene = null!;
    private ProjectedGaussiansGradient gradient = null!;
    private float[] gradColor = null!;
    private float[] gradAlpha = null!;
    private float[] gradDepth = null!;

    /// <summary>Image side and Gaussian count.</summary>
    [Params("128/10000", "512/50000")]
    public string Scene { get; set; } = "128/10000";

    private int Size => int.Parse(Scene.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Creates the scene and upstream gradients; prints binning statistics.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var count = int.Parse(Scene.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
        scene = ScreenSpaceScene.Generate(Size, count, 42);
        gradient = new ProjectedGaussiansGradient(count);
        var pixels = Size * Size;
        var rng = new Rng(7);
        gradColor = [.. Enumerable.Range(0, 3 * pixels).Select(_ => (float)rng.NextUniform(-1, 1))];
        gradAlpha = [.. Enumerable.Range(0, pixels).Select(_ => (float)rng.NextUniform(-1, 1))];
        gradDepth = [.. Enumerable.Range(0, pixels).Select(_ => (float)rng.NextUniform(-1, 1))];
        compositor.Forward(scene, Size, Size, background);
        var walked = compositor.ContributorCount.Average();
        Console.WriteLine(
            $"// {Scene}: {compositor.InstanceCount} tile instances ({(double)compositor.InstanceCount / pixels * 256:F1} per tile), " +
            $"mean Gaussians walked per pixel (up to the last contributor) {walked:F2}, mean alpha {compositor.Alpha.Average():F3}");
    }

    /// <summary>Binning + forward compositing.</summary>
    [Benchmark]
    public float[] Forward()
    {
        compositor.Forward(scene, Size, Size, background);
        return compositor.Color;
    }

    /// <summary>Binning + forward + backward.</summary>
    [Benchmark]
    public float[] ForwardBackward()
    {
        compositor.Forward(scene, Size, Size, background);
        compositor.Backward(gradColor, gradAlpha, gradDepth, gradient, gradBackground);
        return gradient.MeanX;
    }
}
