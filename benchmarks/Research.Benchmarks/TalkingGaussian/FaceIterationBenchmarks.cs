using BenchmarkDotNet.Attributes;
using Research.Tensors.Threading;

namespace Research.Benchmarks.TalkingGaussian;

/// <summary>
/// Issue 7's target: one face-branch training iteration of the paper configuration (motion phase) at 512² with
/// 30,000 Gaussians on <see cref="ComputeThreads.Count"/> = 2 threads, ≤ 300 ms. See <see cref="FaceIteration"/>.
/// Its own job: 30 warm-up iterations of 4 calls each, so the tiered JIT has reached its final code (run without
/// <c>--job short</c>, whose 3 warm-ups are too few here).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 30, iterationCount: 15, invocationCount: 4)]
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
