using NUnit.Framework;
using Research.Tensors.Randomness;

namespace Research.Tensors.Tests.Ops;

public class ShapeAndViewTests
{
    [Test]
    public void ShapeErrors_NameTheOpAndBothShapes()
    {
        var a = Tensor.Zeros<float>(2, 3);
        var b = Tensor.Zeros<float>(4);
        Assert.That(() => a.Add(b), Throws.ArgumentException.With.Message.Contains("Add").And.Message.Contains("[2, 3]").And.Message.Contains("[4]"));
        Assert.That(() => a.Mul(b), Throws.ArgumentException.With.Message.Contains("Mul"));
        Assert.That(() => a.Matmul(a), Throws.ArgumentException.With.Message.Contains("Matmul").And.Message.Contains("[2, 3] and [2, 3]"));
        Assert.That(() => a.Reshape(4, 2), Throws.ArgumentException.With.Message.Contains("Reshape").And.Message.Contains("[4, 2]"));
        Assert.That(() => Tensor.Concat([a, b]), Throws.ArgumentException.With.Message.Contains("Concat").And.Message.Contains("[4]"));
        Assert.That(() => Tensor.FromArray(new float[5], 2, 3), Throws.ArgumentException.With.Message.Contains("FromArray"));
        Assert.That(() => a.Transpose(0, 1).View(6), Throws.InvalidOperationException.With.Message.Contains("View"));
        Assert.That(() => a.Sum(2), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Sum"));
    }

    [Test]
    public void Views_ShareStorage_AndReadTheRightElements()
    {
        var x = Tensor.Arange<float>(24).Reshape(2, 3, 4);
        var t = x.Transpose(0, 2); // [4, 3, 2]
        Assert.That(t.IsContiguous, Is.False);
        Assert.That(t.Shape, Is.EqualTo(new[] { 4, 3, 2 }));
        Assert.That(t.ToArray()[1], Is.EqualTo(12f)); // t[0,0,1] = x[1,0,0]
        Assert.That(x.Narrow(2, 1, 2).ToArray(), Is.EqualTo(new float[] { 1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22 }));
        Assert.That(x.Slice(1, 0, 3, 2).Sum().Item(), Is.EqualTo(Enumerable.Range(0, 24).Where(i => i % 12 / 4 != 1).Sum()));
        Assert.That(x.Reshape(-1, 6).Shape, Is.EqualTo(new[] { 4, 6 }));
        Assert.That(t.Contiguous().IsContiguous, Is.True);
        Assert.That(t.Reshape(24).ToArray(), Is.EqualTo(t.ToArray()));
        Assert.That(Tensor.Scalar(2f).Expand(2, 2).ToArray(), Is.EqualTo(new[] { 2f, 2f, 2f, 2f }));
        var parts = x.Split(2, 1);
        Assert.That(parts.Select(p => p.Size(1)), Is.EqualTo(new[] { 2, 1 }));
        Assert.That(Tensor.Concat(parts, 1).ToArray(), Is.EqualTo(x.ToArray()));
        Assert.That(Tensor.Stack([x, x], 3).Shape, Is.EqualTo(new[] { 2, 3, 4, 2 }));
    }

    [Test]
    public void Factories()
    {
        Assert.That(Tensor.Ones<double>(2, 2).ToArray(), Is.All.EqualTo(1.0));
        Assert.That(Tensor.Full([3], 2.5f).ToArray(), Is.All.EqualTo(2.5f));
        Assert.That(Tensor.Zeros<float>(0, 3).ElementCount, Is.EqualTo(0));
        Assert.That(Tensor.Scalar(4f).Rank, Is.EqualTo(0));
        var u = Tensor.Rand<double>(new Rng(1), 1000).ToArray();
        Assert.That(u, Is.All.InRange(0.0, 1.0));
        Assert.That(u.Average(), Is.EqualTo(0.5).Within(0.05));
        var g = Tensor.Randn<double>(new Rng(2), 4000).ToArray();
        Assert.That(g.Average(), Is.EqualTo(0).Within(0.06));
        Assert.That(g.Select(v => v * v).Average(), Is.EqualTo(1).Within(0.08));
        var again = Tensor.Randn<float>(new Rng(3), 8).ToArray();
        Assert.That(Tensor.Randn<float>(new Rng(3), 8).ToArray(), Is.EqualTo(again));
    }

    [Test]
    public void Rng_IsTheSplitMix64Sequence()
    {
        // SplitMix64 from seed 0: first output of the published reference algorithm.
        Assert.That(new Rng(0).NextUInt64(), Is.EqualTo(0xE220A8397B1DCDAFUL));
    }
}
