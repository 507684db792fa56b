using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;

namespace Research.Tensors.Tests.Nn;

/// <summary>
/// <see cref="PreparedConv2d"/> (weights copied, their transformed / packed forms cached across calls) against its
/// twin <c>Functional.Conv2d</c> / <c>Conv2dRelu</c> on the same weights: bit-identical on every forward path, on the
/// first call and on later calls (cache reused); later changes to the source weights are not seen, and a new instance
/// sees them ("invalidation" by re-preparing).
/// </summary>
public class PreparedConv2dTests
{
    // (batch, in, out, groups, h, w, k, stride, padding, dilation): one case per forward path.
    private static readonly object[] Cases =
    [
        new object[] { 2, 24, 40, 1, 17, 19, 3, 1, 1, 1 },  // Winograd 3×3
        new object[] { 1, 32, 48, 2, 19, 23, 5, 1, 2, 1 },  // Winograd 5×5 as four 3×3 pieces, groups 2
        new object[] { 2, 8, 12, 1, 14, 15, 3, 1, 1, 1 },   // stride-1 run-mapped path (few channels)
        new object[] { 1, 8, 12, 2, 15, 16, 3, 1, 2, 2 },   // stride-1 path, dilation 2, groups 2
        new object[] { 1, 3, 64, 1, 131, 131, 11, 4, 2, 1 }, // position-major tiles (AlexNet conv1)
        new object[] { 1, 4, 6, 1, 13, 12, 3, 2, 1, 1 },    // im2col
        new object[] { 2, 5, 3, 1, 7, 6, 1, 1, 0, 1 },      // pointwise
    ];

    [TestCaseSource(nameof(Cases))]
    public void MatchesFunctionalBitwise_OnFirstAndLaterCalls(int n, int c, int o, int groups, int h, int w, int k, int stride, int padding, int dilation)
    {
        var rng = new Rng(41);
        var x = Tensor.Randn<float>(rng, n, c, h, w);
        var weight = Tensor.Randn<float>(rng, o, c / groups, k, k);
        var bias = Tensor.Randn<float>(rng, o);
        var prepared = new PreparedConv2d(weight, bias, stride, padding, dilation, groups);
        var plain = Functional.Conv2d(x, weight, bias, stride, padding, dilation, groups).ToArray();
        var fused = Functional.Conv2dRelu(x, weight, bias, stride, padding, dilation, groups).ToArray();
        for (var call = 0; call < 3; call++)
        {
            Assert.That(prepared.Forward(x).ToArray(), Is.EqualTo(plain), $"call {call}");
            Assert.That(prepared.Forward(x, relu: true).ToArray(), Is.EqualTo(fused), $"call {call}, ReLU");
        }

        var other = Tensor.Randn<float>(rng, n, c, h + 2, w + 1);
        Assert.That(
            prepared.Forward(other).ToArray(),
            Is.EqualTo(Functional.Conv2d(other, weight, bias, stride, padding, dilation, groups).ToArray()),
            "another input size with the cached weights");
    }

    [Test]
    public void WeightsChangedAfterPreparing_AreNotSeen_AndANewInstanceSeesThem()
    {
        var rng = new Rng(43);
        var x = Tensor.Randn<float>(rng, 1, 16, 12, 11);
        var weight = Tensor.Randn<float>(rng, 16, 16, 3, 3);
        weight.RequiresGrad = true;
        var before = Functional.Conv2d(x, weight.Detach(), null, 1, 1).ToArray();
        var prepared = new PreparedConv2d(weight, null, 1, 1);
        Assert.That(prepared.Forward(x).ToArray(), Is.EqualTo(before), "cache filled");

        // One SGD step changes the weight tensor in place.
        var sgd = new Sgd<float>([new ParameterGroup<float>([weight], 0.5)]);
        Functional.Conv2d(x, weight, null, 1, 1).Sum().Backward();
        sgd.Step();
        var after = Functional.Conv2d(x, weight.Detach(), null, 1, 1).ToArray();
        Assert.That(after, Is.Not.EqualTo(before), "the step should change the output");

        Assert.That(prepared.Forward(x).ToArray(), Is.EqualTo(before), "the prepared copy keeps the old weights");
        Assert.That(new PreparedConv2d(weight, null, 1, 1).Forward(x).ToArray(), Is.EqualTo(after), "re-prepared");
    }

    [Test]
    public void UnbatchedInput_AndNoGradientRecorded()
    {
        var rng = new Rng(47);
        var x = Tensor.Randn<float>(rng, 16, 9, 8);
        x.RequiresGrad = true;
        var weight = Tensor.Randn<float>(rng, 16, 16, 3, 3);
        var prepared = new PreparedConv2d(weight, null, 1, 1);
        var y = prepared.Forward(x, relu: true);
        Assert.That(y.Shape, Is.EqualTo(new[] { 16, 9, 8 }));
        Assert.That(y.IsLeaf, Is.True);
        Assert.That(y.ToArray(), Is.EqualTo(Functional.Conv2dRelu(x.Detach().Unsqueeze(0), weight, null, 1, 1).Squeeze(0).ToArray()));
    }

    [Test]
    public void BadArguments_Throw()
    {
        var rng = new Rng(53);
        var weight = Tensor.Randn<float>(rng, 4, 3, 3, 3);
        Assert.Throws<ArgumentException>(() => _ = new PreparedConv2d(Tensor.Randn<float>(rng, 4, 3, 3), null));
        Assert.Throws<ArgumentException>(() => _ = new PreparedConv2d(weight, Tensor.Randn<float>(rng, 5)));
        Assert.Throws<ArgumentException>(() => _ = new PreparedConv2d(weight, null, stride: 0));
        var prepared = new PreparedConv2d(weight);
        var error = Assert.Throws<ArgumentException>(() => prepared.Forward(Tensor.Randn<float>(rng, 1, 2, 8, 8)));
        Assert.That(error!.Message, Does.Contain("PreparedConv2d").And.Contain("[1, 2, 8, 8]").And.Contain("[4, 3, 3, 3]"));
    }
}
