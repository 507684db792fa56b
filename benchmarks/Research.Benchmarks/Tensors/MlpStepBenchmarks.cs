using BenchmarkDotNet.Attributes;
using Research.Tensors;
using Research.Tensors.Memory;
using Research.Tensors.Nn;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Benchmarks.Tensors;

/// <summary>
/// One training step (forward, backward, Adam) of the methods' typical MLP: 50,000 points × (74 → 64 → 64 → 11),
/// no bias, ReLU, MSE loss, on <see cref="ComputeThreads.Count"/> = 2 threads; with the storage pool on and off.
/// Target (issue 4): ≤ 40 ms.
/// </summary>
[MemoryDiagnoser]
public class MlpStepBenchmarks
{
    private Sequential<float> model = null!;
    private Tensor<float> input = null!;
    private Tensor<float> target = null!;
    private Adam<float> optimizer = null!;

    /// <summary>Whether dead gradient storage is recycled (<see cref="TensorMemory.PoolingEnabled"/>).</summary>
    [Params(true, false)]
    public bool Pooling { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = 2;
        TensorMemory.PoolingEnabled = Pooling;
        TensorMemory.Trim();
        var rng = new Rng(7);
        model = new Sequential<float>()
            .Add(new Linear<float>(74, 64, rng, bias: false)).Add(x => x.Relu())
            .Add(new Linear<float>(64, 64, rng, bias: false)).Add(x => x.Relu())
            .Add(new Linear<float>(64, 11, rng, bias: false));
        input = Tensor.Randn<float>(rng, 50000, 74);
        target = Tensor.Randn<float>(rng, 50000, 11);
        optimizer = new Adam<float>([new ParameterGroup<float>(model.Parameters(), 1e-3)]);
    }

    /// <summary>zero_grad, forward, MSE, backward, Adam step.</summary>
    [Benchmark]
    public float Step()
    {
        optimizer.ZeroGrad();
        var loss = Functional.MseLoss(model.Forward(input), target);
        loss.Backward();
        optimizer.Step();
        return loss.Item();
    }
}
