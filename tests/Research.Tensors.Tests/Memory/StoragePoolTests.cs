using NUnit.Framework;
using Research.Tensors.Memory;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using Research.Tensors.Tests.Ops;

namespace Research.Tensors.Tests.Memory;

/// <summary>The storage pool: recycling changes no result and never hands out storage that a live tensor references.</summary>
public class StoragePoolTests
{
    [TearDown]
    public void Restore()
    {
        TensorMemory.PoolingEnabled = true;
        TensorMemory.Trim();
    }

    [Test]
    public void Training_IsBitIdenticalWithAndWithoutPooling()
    {
        TensorMemory.PoolingEnabled = false;
        var without = ParallelKernelReferenceTests.TrainMlp(steps: 3);
        TensorMemory.PoolingEnabled = true;
        TensorMemory.Trim();
        var with = ParallelKernelReferenceTests.TrainMlp(steps: 3);
        for (var i = 0; i < with.Length; i++)
        {
            ParallelKernelReferenceTests.AssertBits(with[i], without[i], $"parameter {i}");
        }
    }

    [Test]
    public void Backward_RecyclesDeadIntermediateGradients()
    {
        TensorMemory.Trim();
        var x = Tensor.Randn<float>(new Rng(1), 300, 200);
        x.RequiresGrad = true;
        x.Relu().Mul(2f).Relu().Sum().Backward();
        Assert.That(TensorMemory.PooledBytes, Is.GreaterThan(0));
    }

    [Test]
    public void Zeros_OnRecycledStorage_AreZero()
    {
        TensorMemory.Trim();
        var x = Tensor.Randn<float>(new Rng(9), 300, 200);
        x.RequiresGrad = true;
        x.Relu().Mul(2f).Relu().Sum().Backward();
        Assert.That(TensorMemory.PooledBytes, Is.GreaterThan(0));
        var zeros = Tensor.Zeros<float>(300, 200);
        Assert.That(zeros.ToArray(), Is.All.EqualTo(0f));
        var sum = x.Detach().Sum(1);
        Assert.That(sum.ToArray(), Has.Length.EqualTo(300));
    }

    [Test]
    public void LiveTensors_AreNeverOverwritten_ByLaterOpsOnRecycledStorage()
    {
        var rng = new Rng(2);
        var w = Tensor.Randn<float>(rng, 64, 64);
        w.RequiresGrad = true;
        var input = Tensor.Randn<float>(rng, 2000, 64);
        var userGradient = Tensor.Randn<float>(rng, 2000, 64);
        var userGradientCopy = userGradient.ToArray();

        // Step 1: keep the forward outputs, the leaf gradient and the caller's gradient.
        var hidden = Functional.Linear(input, w).Relu();
        var output = Functional.Linear(hidden, w);
        output.Backward(userGradient);
        var kept = new[] { hidden, output, w.Grad! };
        var copies = kept.Select(t => t.ToArray()).ToArray();

        // Further passes rent recycled storage; none of it may be an array the kept tensors use.
        for (var step = 0; step < 3; step++)
        {
            w.ZeroGrad();
            var h = Functional.Linear(input, w).Relu();
            Functional.MseLoss(Functional.Linear(h, w), Tensor.Zeros<float>(2000, 64)).Backward();
            _ = h.Mul(3f).Add(1f);
        }

        for (var i = 0; i < kept.Length; i++)
        {
            ParallelKernelReferenceTests.AssertBits(kept[i].ToArray(), copies[i], $"kept tensor {i}");
        }

        ParallelKernelReferenceTests.AssertBits(userGradient.ToArray(), userGradientCopy, "caller's gradient");
    }

    [Test]
    public void SharedGradients_ArePassedToEveryInput_BeforeRecycling()
    {
        // Add's backward returns the same gradient tensor for both inputs, and x feeds two branches: the shared array
        // must survive until every holder has consumed it.
        float[] Run()
        {
            var a = Tensor.Randn<float>(new Rng(3), 400, 100);
            var b = Tensor.Randn<float>(new Rng(4), 400, 100);
            a.RequiresGrad = true;
            b.RequiresGrad = true;
            var s = a.Add(b);
            var y = s.Relu().Add(s.Mul(2f)).Add(a.Mul(b)).Add(a);
            y.Backward(Tensor.Randn<float>(new Rng(5), 400, 100));
            return [.. a.Grad!.ToArray(), .. b.Grad!.ToArray()];
        }

        TensorMemory.PoolingEnabled = false;
        var without = Run();
        TensorMemory.PoolingEnabled = true;
        var first = Run();
        var second = Run();
        ParallelKernelReferenceTests.AssertBits(first, without, "pooled (cold)");
        ParallelKernelReferenceTests.AssertBits(second, without, "pooled (warm)");
    }
}
