using BenchmarkDotNet.Attributes;
using Research.Media.Imaging;
using Research.Metrics.Image;

namespace Research.Benchmarks.Metrics;

/// <summary>PSNR and SSIM on a 512×512 RGB pair (targets: SSIM ≤ 4 ms, PSNR ≤ 1 ms on 2 threads).</summary>
[MemoryDiagnoser]
public class ImageMetricsBenchmarks
{
    private const int Size = 512;

    private FloatImage pred = null!;
    private FloatImage gt = null!;
    private SsimOptions singleThread = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A smooth pattern plus noise, so the pair looks like a render against its ground truth.
        var rng = new Random(1234);
        var a = new float[Size * Size * 3];
        var b = new float[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            var pixel = i / 3;
            var v = 0.5f + (0.4f * MathF.Sin((pixel % Size) * 0.05f) * MathF.Cos((pixel / Size) * 0.03f));
            a[i] = v;
            b[i] = Math.Clamp(v + ((rng.NextSingle() - 0.5f) * 0.1f), 0f, 1f);
        }

        pred = new FloatImage(Size, Size, 3, a);
        gt = new FloatImage(Size, Size, 3, b);
        singleThread = new SsimOptions { MaxDegreeOfParallelism = 1 };
    }

    [Benchmark]
    public double Ssim512Rgb() => Ssim.Compute(pred, gt);

    [Benchmark]
    public double Ssim512RgbSingleThread() => Ssim.Compute(pred, gt, singleThread);

    [Benchmark]
    public double Psnr512Rgb() => Psnr.Compute(pred, gt);
}
