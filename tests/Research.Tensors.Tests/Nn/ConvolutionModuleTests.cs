using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;

namespace Research.Tensors.Tests.Nn;

/// <summary>Conv/pool/batch-norm layers: PyTorch state-dict names and shapes, initialisation, chaining, and argument errors.</summary>
public class ConvolutionModuleTests
{
    [Test]
    public void SyncNetLikeChain_HasPyTorchNamesAndShapes()
    {
        var rng = new Rng(1);
        var net = new Sequential<float>()
            .Add(new Conv3d<float>(3, 8, (5, 7, 7), rng, (1, 2, 2), (0, 0, 0), (1, 1, 1)))
            .Add(new BatchNorm3d<float>(8))
            .Add(x => x.Relu())
            .Add(new MaxPool3d<float>((1, 3, 3), (1, 2, 2), (0, 0, 0)))
            .Add(x => x.Squeeze(2))
            .Add(new Conv2d<float>(8, 6, 3, rng, padding: 1, groups: 2))
            .Add(new BatchNorm2d<float>(6))
            .Add(new MaxPool2d<float>(2))
            .Add(new AvgPool2d<float>(2, 1))
            .Add(x => x.Flatten().Unsqueeze(0))
            .Add(new Linear<float>(6, 4, rng))
            .Add(new BatchNorm1d<float>(4));
        Assert.That(net.NamedParameters().Select(p => (p.Name, Tensor<float>.FormatShape(p.Tensor.Shape))), Is.EqualTo(new[]
        {
            ("0.weight", "[8, 3, 5, 7, 7]"), ("0.bias", "[8]"), ("1.weight", "[8]"), ("1.bias", "[8]"),
            ("5.weight", "[6, 4, 3, 3]"), ("5.bias", "[6]"), ("6.weight", "[6]"), ("6.bias", "[6]"),
            ("10.weight", "[4, 6]"), ("10.bias", "[4]"), ("11.weight", "[4]"), ("11.bias", "[4]"),
        }));
        Assert.That(net.NamedBuffers().Select(b => b.Name), Is.EqualTo(new[]
        {
            "1.running_mean", "1.running_var", "6.running_mean", "6.running_var", "11.running_mean", "11.running_var",
        }));

        Assert.Throws<InvalidOperationException>(() => net.Forward(Tensor.Zeros<float>(1, 3, 5, 27, 27)));
        net.Eval();
        Assert.That(net.Forward(Tensor.Randn<float>(rng, 1, 3, 5, 27, 27)).Shape, Is.EqualTo(new[] { 1, 4 }));
    }

    [Test]
    public void BatchNormModule_UsesBuffers()
    {
        var bn = new BatchNorm1d<double>(2);
        bn.Eval();
        bn.RunningMean.Storage[1] = 3;
        bn.RunningVar.Storage[1] = 4 - 1e-5;
        bn.Weight!.Storage[1] = 2;
        bn.Bias!.Storage[1] = 1;
        var y = bn.Forward(Tensor.FromArray([5.0, 5.0], 1, 2)).ToArray();
        Assert.That(y[0], Is.EqualTo(5 / Math.Sqrt(1 + 1e-5)).Within(1e-12));
        Assert.That(y[1], Is.EqualTo(((5 - 3) / 2.0 * 2) + 1).Within(1e-12));
        Assert.That(new BatchNorm2d<float>(3, affine: false).Parameters(), Is.Empty);
    }

    [Test]
    public void Conv_InitialisesWithinPyTorchBounds_WeightFirst()
    {
        var layer = new Conv2d<double>(6, 40, (3, 2), new Rng(5), (1, 1), (0, 0), (1, 1), groups: 2);
        var bound = 1 / Math.Sqrt(3 * 3 * 2);
        var w = layer.Weight.ToArray();
        Assert.That(layer.Weight.Shape, Is.EqualTo(new[] { 40, 3, 3, 2 }));
        Assert.That(w, Is.All.InRange(-bound, bound));
        Assert.That(w.Max(), Is.GreaterThan(0.9 * bound));
        Assert.That(layer.Bias!.ToArray(), Is.All.InRange(-bound, bound));

        var rng = new Rng(5);
        var expected = Tensor.Uniform(rng, -bound, bound, 40, 3, 3, 2);
        Assert.That(w, Is.EqualTo(expected.ToArray()));
        Assert.That(new Conv1d<float>(4, 2, 3, new Rng(1), bias: false).Parameters().Count(), Is.EqualTo(1));
        Assert.That(new Conv3d<float>(2, 2, 1, new Rng(1)).Weight.Shape, Is.EqualTo(new[] { 2, 2, 1, 1, 1 }));
    }

    [Test]
    public void Errors_NameTheOpAndShapes()
    {
        var x = Tensor.Zeros<float>(1, 3, 8, 8);
        var e = Assert.Throws<ArgumentException>(() => Functional.Conv2d(x, Tensor.Zeros<float>(4, 2, 3, 3)));
        Assert.That(e!.Message, Does.StartWith("Conv2d: input [1, 3, 8, 8] has 3 channels but weight [4, 2, 3, 3] expects 2 (groups 1)"));

        e = Assert.Throws<ArgumentException>(() => Functional.Conv2d(x, Tensor.Zeros<float>(4, 1, 3, 3), groups: 3));
        Assert.That(e!.Message, Does.Contain("Conv2d").And.Contain("divisible by groups 3"));

        e = Assert.Throws<ArgumentException>(() => Functional.Conv2d(x, Tensor.Zeros<float>(4, 3, 3, 3), Tensor.Zeros<float>(5)));
        Assert.That(e!.Message, Does.Contain("Conv2d: bias [5]").And.Contain("[4, 3, 3, 3]"));

        e = Assert.Throws<ArgumentException>(() => Functional.Conv2d(x, Tensor.Zeros<float>(4, 3, 9, 3)));
        Assert.That(e!.Message, Does.Contain("Conv2d: input [1, 3, 8, 8], weight [4, 3, 9, 3]").And.Contain("smaller than the dilated kernel"));

        e = Assert.Throws<ArgumentException>(() => Functional.Conv1d(x, Tensor.Zeros<float>(4, 3, 3)));
        Assert.That(e!.Message, Does.StartWith("Conv1d: input [1, 3, 8, 8], weight [4, 3, 3]"));

        e = Assert.Throws<ArgumentException>(() => Functional.Conv2d(x, Tensor.Zeros<float>(4, 3, 3, 3), stride: 0));
        Assert.That(e!.Message, Does.StartWith("Conv2d: stride"));

        e = Assert.Throws<ArgumentException>(() => Functional.MaxPool2d(x, 3, 1, 2));
        Assert.That(e!.Message, Does.StartWith("MaxPool2d: padding (2, 2) must be at most half the kernel size (3, 3)"));

        e = Assert.Throws<ArgumentException>(() => Functional.AvgPool2d(x, 9));
        Assert.That(e!.Message, Does.StartWith("AvgPool2d: input [1, 3, 8, 8]").And.Contain("smaller than the kernel"));

        e = Assert.Throws<ArgumentException>(() => Functional.MaxPool3d(Tensor.Zeros<float>(3, 8, 8), 2));
        Assert.That(e!.Message, Does.StartWith("MaxPool3d: input [3, 8, 8]: expected a 5-D input"));

        e = Assert.Throws<ArgumentException>(() => Functional.BatchNorm(x, Tensor.Zeros<float>(4), Tensor.Ones<float>(3)));
        Assert.That(e!.Message, Does.StartWith("BatchNorm: running mean [4] does not match the 3 channels of input [1, 3, 8, 8]"));

        var bn = new BatchNorm2d<float>(3);
        bn.Eval();
        e = Assert.Throws<ArgumentException>(() => bn.Forward(Tensor.Zeros<float>(1, 3, 8)));
        Assert.That(e!.Message, Does.StartWith("BatchNorm2d: input [1, 3, 8] must have rank 4"));

        Assert.Throws<ArgumentException>(() => _ = new Conv2d<float>(3, 4, 3, new Rng(1), groups: 2));
    }
}
