using BenchmarkDotNet.Attributes;
using Research.Metrics.Lpips;
using Research.Tensors;
using Research.Tensors.Randomness;
using Research.Tensors.Serialization;
using Research.Tensors.Threading;

namespace Research.Benchmarks.Metrics;

/// <summary>
/// The extra cost of TalkingGaussian's LPIPS training terms at 128² (forward and backward into the rendered image,
/// AlexNet frozen) on <see cref="ComputeThreads.Count"/> = 2 threads: the mouth / fuse patch term at the smallest
/// (32 px: 16 patches) and largest (42 px: 9 patches) patch size, each as one batch, and the face terms (a 40×40 lips
/// crop plus 64 px patches: 4 patches; larger face patches give 1). Random weights with the published shapes.
/// </summary>
[MemoryDiagnoser]
public class LpipsLossBenchmarks
{
    private const int Size = 128;

    private LpipsLoss loss = null!;
    private Tensor<float> render = null!;
    private Tensor<float> target = null!;

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = 2;
        var rng = new Rng(3);
        render = Tensor.Uniform(rng, 0f, 1f, 3, Size, Size);
        render.RequiresGrad = true;
        target = Tensor.Uniform(rng, 0f, 1f, 3, Size, Size);
        var trunk = new List<SafetensorsTensor>();
        foreach (var (index, inCh, outCh, k) in new[] { (0, 3, 64, 11), (3, 64, 192, 5), (6, 192, 384, 3), (8, 384, 256, 3), (10, 256, 256, 3) })
        {
            trunk.Add(SafetensorsTensor.FromFloat32($"features.{index}.weight", Tensor.Randn<float>(rng, outCh, inCh, k, k).Mul(MathF.Sqrt(2f / (inCh * k * k))).ToArray(), [outCh, inCh, k, k]));
            trunk.Add(SafetensorsTensor.FromFloat32($"features.{index}.bias", Tensor.Uniform(rng, -0.05f, 0.1f, outCh).ToArray(), [outCh]));
        }

        var lin = new[] { 64, 192, 384, 256, 256 }.Select((c, t) => SafetensorsTensor.FromFloat32($"lin{t}.model.1.weight", Tensor.Uniform(rng, 0f, 2f / c, c).ToArray(), [1, c, 1, 1]));
        loss = new LpipsLoss(LpipsNetwork.FromTensors(LpipsNet.Alex, trunk, lin));
    }

    [Benchmark]
    public float Patches32() => Step(Patch(render, 32), Patch(target, 32), 0.5f);

    [Benchmark]
    public float Patches42() => Step(Patch(render, 42), Patch(target, 42), 0.5f);

    [Benchmark]
    public double MetricForwardOnly32() => loss.Network.Distances(Patch(render.Detach(), 32), Patch(target, 32))[0];

    [Benchmark]
    public float ForwardOnly32() => loss.Distances(Patch(render, 32), Patch(target, 32)).Mean().Item();

    [Benchmark]
    public float FaceLipsCropAndPatches64()
    {
        var crop = loss.Distances(render.Narrow(1, 70, 40).Narrow(2, 44, 40), target.Narrow(1, 70, 40).Narrow(2, 44, 40)).Mean().Mul(0.01f);
        var total = crop.Add(loss.Distances(Patch(render, 64), Patch(target, 64)).Mean().Mul(0.2f));
        total.Backward();
        render.Grad = null;
        return total.Item();
    }

    private float Step(Tensor<float> patches, Tensor<float> targets, float weight)
    {
        var value = loss.Distances(patches, targets).Mean().Mul(weight);
        value.Backward();
        render.Grad = null;
        return value.Item();
    }

    // LpipsPatches.Patchify's view chain (non-overlapping p×p tiles, remainder dropped).
    private static Tensor<float> Patch(Tensor<float> image, int p)
    {
        var n = Size / p;
        return image.Narrow(1, 0, n * p).Narrow(2, 0, n * p).Reshape(3, n, p, n, p).Permute(1, 3, 0, 2, 4).Reshape(n * n, 3, p, p);
    }
}
