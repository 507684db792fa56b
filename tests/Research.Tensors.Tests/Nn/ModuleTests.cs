using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Tensors.Tests.Nn;

public class ModuleTests
{
    [Test]
    public void Sequential_NamesParametersLikePyTorch()
    {
        var net = new Sequential<float>()
            .Add(new Linear<float>(3, 4, new Rng(1)))
            .Add(x => x.Relu())
            .Add(new Linear<float>(4, 2, new Rng(2), bias: false));
        Assert.That(net.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "0.weight", "0.bias", "2.weight" }));
        Assert.That(net.Parameters().Select(p => p.Shape.ToArray()), Is.EqualTo(new[] { new[] { 4, 3 }, new[] { 4 }, new[] { 2, 4 } }));
        Assert.That(net.Parameters(), Has.All.Property(nameof(Tensor<float>.RequiresGrad)).True);
        Assert.That(net.Forward(Tensor.Zeros<float>(5, 3)).Shape, Is.EqualTo(new[] { 5, 2 }));

        net.Eval();
        Assert.That(net.IsTraining || net.NamedChildren().Any(c => c.Module.IsTraining), Is.False);
        net.RequiresGrad(false);
        Assert.That(net.Parameters(), Has.All.Property(nameof(Tensor<float>.RequiresGrad)).False);
    }

    [Test]
    public void Linear_InitialisesWithinPyTorchBounds()
    {
        var layer = new Linear<double>(16, 300, new Rng(5));
        var bound = 1 / Math.Sqrt(16);
        var w = layer.Weight.ToArray();
        Assert.That(w, Is.All.InRange(-bound, bound));
        Assert.That(w.Max(), Is.GreaterThan(0.9 * bound));
        Assert.That(w.Min(), Is.LessThan(-0.9 * bound));
        Assert.That(layer.Bias!.ToArray(), Is.All.InRange(-bound, bound));
    }

    [Test]
    public void Buffers_AreNamedSeparatelyAndNeverTrainable()
    {
        var module = new WithBuffer();
        Assert.That(module.NamedParameters().Select(p => p.Name), Is.EqualTo(new[] { "weight" }));
        Assert.That(module.NamedBuffers().Select(b => b.Name), Is.EqualTo(new[] { "running_mean" }));
        Assert.That(module.NamedBuffers().Single().Tensor.RequiresGrad, Is.False);
        Assert.Throws<ArgumentException>(module.RegisterDuplicate);
    }

    private sealed class WithBuffer : Module<float>
    {
        public WithBuffer()
        {
            RegisterParameter("weight", Tensor.Ones<float>(2));
            RegisterBuffer("running_mean", Tensor.Zeros<float>(2));
        }

        public void RegisterDuplicate() => RegisterBuffer("weight", Tensor.Zeros<float>(1));
    }
}
