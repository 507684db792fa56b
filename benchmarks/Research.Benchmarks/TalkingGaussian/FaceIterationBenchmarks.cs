using BenchmarkDotNet.Attributes;
using Research.Tensors.Threading;

namespace Research.Benchmarks.TalkingGaussian;

/// <summary>
/// Issue 7's target: one face-branch training iteration of the paper configuration (motion phase) at 512² with
/// 30,000 Gaussians on <see cref="ComputeThreads.Count"/> = 2 threads, ≤ 300 ms. See <see cref="FaceIteration"/>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class FaceIterationBenchmarks
{
    private FaceIteration iteration = null!;

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = 2;
        iteration = new FaceIteration();
    }

    /// <summary>One iteration (forward, backward, optimiser steps).</summary>
    [Benchmark]
    public float Iteration() => iteration.Step();
}
