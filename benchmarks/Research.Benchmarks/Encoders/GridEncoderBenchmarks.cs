using BenchmarkDotNet.Attributes;
using Research.Encoders.KPlanes;
using Research.Encoders.TriPlane;
using Research.Tensors;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Benchmarks.Encoders;

/// <summary>
/// Forward + backward (to the tables/planes and positions) of the grid encoders over 50,000 points on
/// <see cref="ComputeThreads.Count"/> = 2 threads: TalkingGaussian face tri-plane (36-d, target ≤ 5 ms), the same with
/// a 2^14 hash cap (hashed levels), and GaussianTalker's K-Planes (64-d).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class GridEncoderBenchmarks
{
    private const int Points = 50_000;
    private TriPlaneEncoder<float> face = null!;
    private TriPlaneEncoder<float> hashed = null!;
    private KPlanesField<float> kplanes = null!;
    private Tensor<float> positions = null!;
    private Tensor<float> fixedPositions = null!;
    private Tensor<float> weights36 = null!;
    private Tensor<float> weights64 = null!;

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = 2;
        var rng = new Rng(1);
        face = new TriPlaneEncoder<float>(GridLevels.Face(), rng);
        hashed = new TriPlaneEncoder<float>(new GridLevels(12, 1, 16, 512, 14), rng);
        kplanes = new KPlanesField<float>([-0.15, -0.15, -0.15], [0.15, 0.15, 0.15], rng);
        positions = Tensor.Uniform(rng, -0.15f, 0.15f, Points, 3);
        positions.RequiresGrad = true;
        fixedPositions = positions.Detach();
        weights36 = Tensor.Uniform(rng, -1f, 1f, Points, 36);
        weights64 = Tensor.Uniform(rng, -1f, 1f, Points, 64);
    }

    /// <summary>TalkingGaussian face tri-plane, 12 levels × 1 feature × 3 planes.</summary>
    [Benchmark]
    public void TriPlaneFace() => Step(face, weights36);

    /// <summary>
    /// The encoder alone: forward, then backward of a given [50000, 36] output gradient into the tables and the
    /// positions (no loss ops around it) — the quantity the issue's ≤ 5 ms target names.
    /// </summary>
    [Benchmark]
    public void TriPlaneFaceEncoderOnly()
    {
        positions.ZeroGrad();
        face.ZeroGrad();
        face.Forward(positions).Backward(weights36);
    }

    /// <summary>Face tri-plane with gradients to the embeddings only (positions need none).</summary>
    [Benchmark]
    public void TriPlaneFaceEmbeddingsOnly()
    {
        face.ZeroGrad();
        face.Forward(fixedPositions).Mul(weights36).Sum().Backward();
    }

    /// <summary>Forward only (no recording).</summary>
    [Benchmark]
    public void TriPlaneFaceForward()
    {
        using (new Research.Tensors.Autograd.NoGrad())
        {
            face.Forward(fixedPositions);
        }
    }

    /// <summary>Tri-plane with log2 hashmap size 14 and finest resolution 512 (upper levels hashed).</summary>
    [Benchmark]
    public void TriPlaneHashed() => Step(hashed, weights36);

    /// <summary>GaussianTalker K-Planes, 2 scales × 3 planes × 32 channels.</summary>
    [Benchmark]
    public void KPlanes()
    {
        positions.ZeroGrad();
        kplanes.ZeroGrad();
        kplanes.Forward(positions).Mul(weights64).Sum().Backward();
    }

    private void Step(TriPlaneEncoder<float> encoder, Tensor<float> w)
    {
        positions.ZeroGrad();
        encoder.ZeroGrad();
        encoder.Forward(positions).Mul(w).Sum().Backward();
    }
}
