using Research.Tensors.Kernels;
using Research.Tensors.Nn;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Tensors.Diagnostics;

/// <summary>
/// A quick self-check of a machine's engine speed (<c>research bench engine</c>): GEMM throughput at 512³ and at the
/// thin shape the methods' MLPs use, and one training step of such an MLP. Wall-clock medians over a short time budget; BenchmarkDotNet in
/// <c>benchmarks/</c> stays the reference.
/// </summary>
public static class EngineBenchmark
{
    /// <summary>Runs every measurement, each for about <paramref name="secondsPerCase"/> seconds.</summary>
    public static EngineBenchmarkResult Run(double secondsPerCase = 2, IProgress<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(secondsPerCase);
        var cases = new List<EngineBenchmarkCase>
        {
            MeasureGemm("gemm 512x512x512", 512, 512, 512, secondsPerCase, progress),
            MeasureGemm("gemm 50000x74 * 74x64", 50000, 64, 74, secondsPerCase, progress),
            MeasureMlpStep(secondsPerCase, progress),
        };
        return new EngineBenchmarkResult(ComputeThreads.Count, Environment.ProcessorCount, cases);
    }

    private static EngineBenchmarkCase MeasureGemm(string name, int m, int n, int k, double seconds, IProgress<string>? progress)
    {
        progress?.Report(name);
        var random = new Random(1);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (float)(random.NextDouble() - 0.5);
        }

        for (var i = 0; i < b.Length; i++)
        {
            b[i] = (float)(random.NextDouble() - 0.5);
        }

        var median = WallClock.MedianSeconds(() => Gemm.Multiply(false, false, m, n, k, 1, a, k, b, n, 0, c, n), seconds);
        return new EngineBenchmarkCase(name, median * 1e3, 2.0 * m * n * k / median / 1e9);
    }

    // One training step of the methods' typical MLP: 50000 points × (74 → 64 → 64 → 11), no bias, MSE, Adam.
    private static EngineBenchmarkCase MeasureMlpStep(double seconds, IProgress<string>? progress)
    {
        const string name = "mlp step 50000x(74-64-64-11)";
        progress?.Report(name);
        var rng = new Rng(7);
        var model = new Sequential<float>()
            .Add(new Linear<float>(74, 64, rng, bias: false)).Add(x => x.Relu())
            .Add(new Linear<float>(64, 64, rng, bias: false)).Add(x => x.Relu())
            .Add(new Linear<float>(64, 11, rng, bias: false));
        var input = Tensor.Randn<float>(rng, 50000, 74);
        var target = Tensor.Randn<float>(rng, 50000, 11);
        var optimizer = new Adam<float>([new ParameterGroup<float>(model.Parameters(), 1e-3)]);
        var median = WallClock.MedianSeconds(
            () =>
            {
                optimizer.ZeroGrad();
                Functional.MseLoss(model.Forward(input), target).Backward();
                optimizer.Step();
            },
            seconds);
        return new EngineBenchmarkCase(name, median * 1e3, null);
    }
}
