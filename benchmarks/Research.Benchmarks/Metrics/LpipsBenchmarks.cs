using BenchmarkDotNet.Attributes;
using Research.Media.Imaging;
using Research.Metrics.Lpips;
using Research.Tensors.Randomness;
using Research.Tensors.Serialization;
using Research.Tensors.Threading;

namespace Research.Benchmarks.Metrics;

/// <summary>
/// LPIPS-alex (v0.1, normalize) on a 512×512 RGB pair, both images in one batch of 2 through the trunk, on
/// <see cref="ComputeThreads.Count"/> = 2 threads (target ≤ 50 ms). Random generated weights with the published
/// shapes: the cost does not depend on the values. Also LPIPS-vgg for reference (no target).
/// </summary>
[MemoryDiagnoser]
public class LpipsBenchmarks
{
    private const int Size = 512;

    private FloatImage pred = null!;
    private FloatImage gt = null!;
    private LpipsNetwork alex = null!;
    private LpipsNetwork vgg = null!;

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = 2;
        var rng = new Rng(7);
        var a = new float[Size * Size * 3];
        var b = new float[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            var pixel = i / 3;
            var v = 0.5f + (0.4f * MathF.Sin((pixel % Size) * 0.05f) * MathF.Cos((pixel / Size) * 0.03f));
            a[i] = v;
            b[i] = Math.Clamp(v + (float)rng.NextUniform(-0.05, 0.05), 0f, 1f);
        }

        pred = new FloatImage(Size, Size, 3, a);
        gt = new FloatImage(Size, Size, 3, b);
        alex = Build(LpipsNet.Alex, [(0, 3, 64, 11), (3, 64, 192, 5), (6, 192, 384, 3), (8, 384, 256, 3), (10, 256, 256, 3)], [64, 192, 384, 256, 256], rng);
        vgg = Build(
            LpipsNet.Vgg,
            [
                (0, 3, 64, 3), (2, 64, 64, 3), (5, 64, 128, 3), (7, 128, 128, 3), (10, 128, 256, 3), (12, 256, 256, 3), (14, 256, 256, 3),
                (17, 256, 512, 3), (19, 512, 512, 3), (21, 512, 512, 3), (24, 512, 512, 3), (26, 512, 512, 3), (28, 512, 512, 3),
            ],
            [64, 128, 256, 512, 512],
            rng);
    }

    [Benchmark]
    public double LpipsAlex512() => alex.Distance(pred, gt);

    [Benchmark]
    public double LpipsVgg512() => vgg.Distance(pred, gt);

    private static LpipsNetwork Build(LpipsNet net, (int Index, int In, int Out, int K)[] convs, int[] taps, Rng rng)
    {
        var trunk = new List<SafetensorsTensor>();
        foreach (var (index, inCh, outCh, k) in convs)
        {
            var std = Math.Sqrt(2.0 / (inCh * k * k));
            var w = new float[outCh * inCh * k * k];
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = (float)(rng.NextNormal() * std);
            }

            var bias = new float[outCh];
            for (var i = 0; i < bias.Length; i++)
            {
                bias[i] = (float)rng.NextUniform(-0.05, 0.1);
            }

            trunk.Add(SafetensorsTensor.FromFloat32($"features.{index}.weight", w, [outCh, inCh, k, k]));
            trunk.Add(SafetensorsTensor.FromFloat32($"features.{index}.bias", bias, [outCh]));
        }

        var lin = taps.Select((c, t) =>
        {
            var w = new float[c];
            for (var i = 0; i < c; i++)
            {
                w[i] = (float)rng.NextUniform(0, 2.0 / c);
            }

            return SafetensorsTensor.FromFloat32($"lin{t}.model.1.weight", w, [1, c, 1, 1]);
        });
        return LpipsNetwork.FromTensors(net, trunk, lin);
    }
}
