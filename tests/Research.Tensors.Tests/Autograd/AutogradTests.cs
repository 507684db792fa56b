using NUnit.Framework;
using Research.Tensors.Autograd;

namespace Research.Tensors.Tests.Autograd;

public class AutogradTests
{
    [Test]
    public void Backward_AccumulatesAcrossCalls_UntilZeroGrad()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0], 3);
        x.RequiresGrad = true;
        x.Mul(x).Sum().Backward();
        x.Mul(x).Sum().Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 4.0, 8.0, 12.0 }));
        x.ZeroGrad();
        Assert.That(x.Grad, Is.Null);
        x.Sum().Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 1.0, 1.0, 1.0 }));
    }

    [Test]
    public void Backward_SharedSubexpression_SumsBothPaths()
    {
        var x = Tensor.FromArray([3.0], 1);
        x.RequiresGrad = true;
        var y = x.Mul(2.0);
        y.Mul(y).Add(y).Sum().Backward(); // d/dx (4x² + 2x) = 8x + 2
        Assert.That(x.Grad!.Item(), Is.EqualTo(26.0));
    }

    [Test]
    public void NoGrad_RecordsNothing_AndNests()
    {
        var x = Tensor.Ones<float>(2);
        x.RequiresGrad = true;
        using (new NoGrad())
        {
            using (new NoGrad())
            {
                Assert.That(x.Mul(2f).RequiresGrad, Is.False);
            }

            Assert.That(NoGrad.IsGradEnabled, Is.False);
        }

        Assert.That(NoGrad.IsGradEnabled, Is.True);
        Assert.That(x.Mul(2f).RequiresGrad, Is.True);
    }

    [Test]
    public void Detach_StopsTheGradient_ButSharesStorage()
    {
        var x = Tensor.FromArray([2.0], 1);
        x.RequiresGrad = true;
        var d = x.Mul(3.0).Detach();
        Assert.That(d.RequiresGrad, Is.False);
        x.Mul(d).Sum().Backward();
        Assert.That(x.Grad!.Item(), Is.EqualTo(6.0));
    }

    [Test]
    public void FrozenParameter_GetsNoGradient()
    {
        var w = Tensor.FromArray([2.0], 1);
        var frozen = Tensor.FromArray([5.0], 1);
        w.RequiresGrad = true;
        w.Mul(frozen).Sum().Backward();
        Assert.That(w.Grad!.Item(), Is.EqualTo(5.0));
        Assert.That(frozen.Grad, Is.Null);
    }

    [Test]
    public void Errors_AreClear()
    {
        var x = Tensor.Ones<double>(2);
        Assert.That(() => x.Sum().Backward(), Throws.InvalidOperationException.With.Message.Contains("does not require a gradient"));
        x.RequiresGrad = true;
        Assert.That(() => x.Mul(2.0).Backward(), Throws.InvalidOperationException.With.Message.Contains("[2]"));
        Assert.That(() => x.Mul(2.0).RequiresGrad = false, Throws.InvalidOperationException.With.Message.Contains("Mul"));
    }

    [Test]
    public void Backward_WithExplicitGradient()
    {
        var x = Tensor.FromArray([1.0, 2.0], 2);
        x.RequiresGrad = true;
        x.Mul(x).Backward(Tensor.FromArray([1.0, 10.0], 2));
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 2.0, 40.0 }));
    }
}
