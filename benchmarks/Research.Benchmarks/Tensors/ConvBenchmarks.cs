using BenchmarkDotNet.Attributes;
using Research.Tensors;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Benchmarks.Tensors;

/// <summary>
/// Convolution forward on torchvision AlexNet's feature trunk (1×3×512×512: conv 3→64 k11 s4 p2, max-pool 3/2,
/// 64→192 k5 p2, max-pool 3/2, 192→384 k3 p1, 384→256 k3 p1, 256→256 k3 p1, ReLU after each conv; ≈ 7.3 GFLOP),
/// and forward + backward (input, weight and bias gradients) of one 3×3 convolution, 8×64×56×56 → 64 channels
/// (forward 1.85 GFLOP, backward twice that: 5.5 GFLOP in all). Runs on <see cref="ComputeThreads.Count"/> = 2 threads.
/// </summary>
[MemoryDiagnoser]
public class ConvBenchmarks
{
    private Tensor<float> image = null!;
    private Tensor<float>[] weights = null!;
    private Tensor<float>[] biases = null!;
    private PreparedConv2d[] prepared = null!;
    private Tensor<float> batch = null!;
    private Tensor<float> weight = null!;
    private Tensor<float> bias = null!;
    private Tensor<float> outputGradient = null!;

    [GlobalSetup]
    public void Setup()
    {
        ComputeThreads.Count = 2;
        var rng = new Rng(1);
        image = Tensor.Randn<float>(rng, 1, 3, 512, 512);
        (int Out, int In, int K)[] convs = [(64, 3, 11), (192, 64, 5), (384, 192, 3), (256, 384, 3), (256, 256, 3)];
        weights = [.. convs.Select(c => Tensor.Uniform(rng, -0.05f, 0.05f, c.Out, c.In, c.K, c.K))];
        biases = [.. convs.Select(c => Tensor.Uniform(rng, -0.05f, 0.05f, c.Out))];
        (int Stride, int Padding)[] steps = [(4, 2), (1, 2), (1, 1), (1, 1), (1, 1)];
        prepared = [.. steps.Select((s, i) => new PreparedConv2d(weights[i], biases[i], s.Stride, s.Padding))];

        batch = Tensor.Randn<float>(rng, 8, 64, 56, 56);
        weight = Tensor.Uniform(rng, -0.05f, 0.05f, 64, 64, 3, 3);
        bias = Tensor.Zeros<float>(64);
        outputGradient = Tensor.Randn<float>(rng, 8, 64, 56, 56);
        weight.RequiresGrad = true;
        bias.RequiresGrad = true;
        batch.RequiresGrad = true;
    }

    /// <summary>AlexNet trunk forward (no gradient recorded), each conv fused with its ReLU as torchvision's inplace ReLU allows.</summary>
    [Benchmark]
    public Tensor<float> AlexNetTrunkForward()
    {
        var y = Functional.Conv2dRelu(image, weights[0], biases[0], 4, 2);
        y = Functional.MaxPool2d(y, 3, 2);
        y = Functional.Conv2dRelu(y, weights[1], biases[1], 1, 2);
        y = Functional.MaxPool2d(y, 3, 2);
        y = Functional.Conv2dRelu(y, weights[2], biases[2], 1, 1);
        y = Functional.Conv2dRelu(y, weights[3], biases[3], 1, 1);
        return Functional.Conv2dRelu(y, weights[4], biases[4], 1, 1);
    }

    /// <summary>
    /// The same trunk through <see cref="PreparedConv2d"/> layers (weights' Winograd / packed forms cached across calls,
    /// as LPIPS runs it); same values as <see cref="AlexNetTrunkForward"/>.
    /// </summary>
    [Benchmark]
    public Tensor<float> AlexNetTrunkForwardPrepared()
    {
        var y = prepared[0].Forward(image, relu: true);
        y = Functional.MaxPool2d(y, 3, 2);
        y = prepared[1].Forward(y, relu: true);
        y = Functional.MaxPool2d(y, 3, 2);
        y = prepared[2].Forward(y, relu: true);
        y = prepared[3].Forward(y, relu: true);
        return prepared[4].Forward(y, relu: true);
    }

    /// <summary>The same trunk with separate Conv2d and Relu ops (one extra tensor and pass per layer).</summary>
    [Benchmark]
    public Tensor<float> AlexNetTrunkForwardUnfused()
    {
        var y = Functional.Conv2d(image, weights[0], biases[0], 4, 2).Relu();
        y = Functional.MaxPool2d(y, 3, 2);
        y = Functional.Conv2d(y, weights[1], biases[1], 1, 2).Relu();
        y = Functional.MaxPool2d(y, 3, 2);
        y = Functional.Conv2d(y, weights[2], biases[2], 1, 1).Relu();
        y = Functional.Conv2d(y, weights[3], biases[3], 1, 1).Relu();
        return Functional.Conv2d(y, weights[4], biases[4], 1, 1).Relu();
    }

    /// <summary>Conv 64→64 k3 p1 on 8×64×56×56: forward, then all three gradients.</summary>
    [Benchmark]
    public Tensor<float> Conv3x3ForwardBackward()
    {
        batch.ZeroGrad();
        weight.ZeroGrad();
        bias.ZeroGrad();
        var y = Functional.Conv2d(batch, weight, bias, 1, 1);
        y.Backward(outputGradient);
        return weight.Grad!;
    }
}
