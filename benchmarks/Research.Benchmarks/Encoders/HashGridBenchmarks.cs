using BenchmarkDotNet.Attributes;
using Research.Encoders.HashGrid;
using Research.Tensors;
using Research.Tensors.Autograd;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Benchmarks.Encoders;

/// <summary>
/// The TalkingGaussian <c>hash-grid</c> ablation encoders (3-D hash grid, 12 levels × 3 features = 36-d) over 50,000
/// points on <see cref="ComputeThreads.Count"/> = 2 threads: forward, then backward of a fixed [50000, 36] output
/// gradient into the table and the positions (compare <c>GridEncoderBenchmarks.TriPlaneFaceEncoderOnly</c>).
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class HashGridBenchmarks
{
    private const int Points = 50_000;
    private HashGridEncoder3d<float> face = null!;
    private HashGridEncoder3d<float> mouth = null!;
    private Tensor<float> positions = null!;
    private Tensor<float> fixedPositions = null!;
    private Tensor<float> weights = null!;

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = 2;
        var rng = new Rng(1);
        face = new HashGridEncoder3d<float>(HashGridLevels.Face(), rng);
        mouth = new HashGridEncoder3d<float>(HashGridLevels.Mouth(), rng);
        positions = Tensor.Uniform(rng, -0.15f, 0.15f, Points, 3);
        positions.RequiresGrad = true;
        fixedPositions = positions.Detach();
        weights = Tensor.Uniform(rng, -1f, 1f, Points, 36);
    }

    /// <summary>Face ladder (16 → 38.4; 6 dense, 6 hashed levels): forward + backward to table and positions.</summary>
    [Benchmark]
    public void HashGridFaceEncoderOnly()
    {
        positions.ZeroGrad();
        face.ZeroGrad();
        face.Forward(positions).Backward(weights);
    }

    /// <summary>Mouth ladder (64 → 57.6; every level hashed): forward + backward to table and positions.</summary>
    [Benchmark]
    public void HashGridMouthEncoderOnly()
    {
        positions.ZeroGrad();
        mouth.ZeroGrad();
        mouth.Forward(positions).Backward(weights);
    }

    /// <summary>Face ladder, forward only (no recording).</summary>
    [Benchmark]
    public void HashGridFaceForward()
    {
        using (new NoGrad())
        {
            face.Forward(fixedPositions);
        }
    }
}
