using Research.Splatting.Rasterization;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Diagnostics;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Splatting.Diagnostics;

/// <summary>
/// A quick self-check of the rasterizer's speed (<c>research bench splat</c>): forward and forward + backward on the
/// <see cref="SyntheticSplatScene"/> at 128×128 with 10k Gaussians and 512×512 with 50k. Wall-clock medians; the
/// BenchmarkDotNet suite in <c>benchmarks/</c> stays the reference.
/// </summary>
public static class SplatBenchmark
{
    /// <summary>Runs both sizes, each measurement for about <paramref name="secondsPerCase"/> seconds.</summary>
    public static SplatBenchmarkResult Run(double secondsPerCase = 2, IProgress<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(secondsPerCase);
        var cases = new List<SplatBenchmarkCase>
        {
            Measure(128, 10_000, 10, secondsPerCase, progress),
            Measure(512, 50_000, 100, secondsPerCase, progress),
        };
        return new SplatBenchmarkResult(ComputeThreads.Count, Environment.ProcessorCount, cases);
    }

    private static SplatBenchmarkCase Measure(int size, int count, double target, double seconds, IProgress<string>? progress)
    {
        var name = $"{size}x{size}, {count} Gaussians";
        progress?.Report(name);
        var camera = SyntheticSplatScene.Camera(size);
        var inputs = SyntheticSplatScene.CreateInputs(count, new Rng(11));
        var background = Tensor.FromArray([0.2f, 0.4f, 0.6f], 3);
        var colorGradient = Tensor.Randn<float>(new Rng(12), 3, size, size);
        var forward = WallClock.MedianSeconds(
            () =>
            {
                using var _ = new NoGrad();
                GaussianRasterizer.Render(camera, inputs, background);
            },
            seconds);
        var forwardBackward = WallClock.MedianSeconds(
            () =>
            {
                foreach (var p in inputs.Tensors)
                {
                    p.ZeroGrad();
                }

                GaussianRasterizer.Render(camera, inputs, background).Color.Backward(colorGradient);
            },
            seconds);
        return new SplatBenchmarkCase(name, size, size, count, forward * 1e3, forwardBackward * 1e3, target);
    }
}
