using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using static Research.Tensors.Tests.Autograd.GradCheck;

namespace Research.Tensors.Tests.Ops;

/// <summary>
/// The fused <see cref="Functional.Conv2dRelu{T}"/> against the unfused <c>Conv2d(…).Relu()</c>: same bits forward
/// and for all three gradients, on every convolution path (shifted-input, im2col, position-major, pointwise), plus a
/// float64 finite-difference check.
/// </summary>
public class Conv2dReluTests
{
    // (batch, in, out, groups, h, w, k, stride, padding, bias)
    private static readonly object[] Cases =
    [
        new object[] { 1, 8, 12, 1, 13, 11, 3, 1, 1, true },   // shifted-input path
        new object[] { 2, 4, 6, 2, 9, 10, 5, 1, 2, false },    // shifted-input, groups, no bias
        new object[] { 1, 3, 40, 1, 19, 17, 11, 4, 2, true },  // im2col, stride 4
        new object[] { 1, 3, 16, 1, 27, 25, 11, 4, 2, true },  // position-major
        new object[] { 2, 5, 3, 1, 7, 6, 1, 1, 0, true },      // pointwise
        new object[] { 1, 1, 1, 1, 1, 1, 1, 1, 0, true },      // all size 1
    ];

    [TestCaseSource(nameof(Cases))]
    public void MatchesConvThenRelu_Bitwise(int n, int c, int o, int groups, int h, int w, int k, int stride, int padding, bool withBias)
    {
        var rng = new Rng(5);
        var x = Tensor.Randn<float>(rng, n, c, h, w);
        var weight = Tensor.Randn<float>(rng, o, c / groups, k, k);
        var bias = withBias ? Tensor.Randn<float>(rng, o) : null;
        var gy = Tensor.Randn<float>(rng, n, o, ((h + (2 * padding) - k) / stride) + 1, ((w + (2 * padding) - k) / stride) + 1);

        var (fused, fusedGrads) = Run(x, weight, bias, gy, (a, b, bb) => Functional.Conv2dRelu(a, b, bb, stride, padding, groups: groups));
        var (plain, plainGrads) = Run(x, weight, bias, gy, (a, b, bb) => Functional.Conv2d(a, b, bb, stride, padding, groups: groups).Relu());

        Assert.That(fused.ToArray(), Is.EqualTo(plain.ToArray()));
        if (fused.ElementCount > 1)
        {
            Assert.That(fused.ToArray().Any(v => v == 0f) && fused.ToArray().Any(v => v > 0f), Is.True, "the case should have both signs");
        }
        for (var i = 0; i < plainGrads.Length; i++)
        {
            Assert.That(fusedGrads[i], Is.EqualTo(plainGrads[i]), $"gradient {i}");
        }
    }

    [Test]
    public void GradientsMatchFiniteDifferences() =>
        Check(x => Functional.Conv2dRelu(x[0], x[1], x[2], 2, 1), Randn(1, 1, 3, 7, 6), Randn(2, 4, 3, 3, 3), Randn(3, 4));

    [Test]
    public void UnbatchedInput_MatchesBatched()
    {
        var rng = new Rng(9);
        var x = Tensor.Randn<float>(rng, 2, 6, 5);
        var weight = Tensor.Randn<float>(rng, 3, 2, 3, 3);
        var single = Functional.Conv2dRelu(x, weight, null, 1, 1);
        var batched = Functional.Conv2dRelu(x.Unsqueeze(0), weight, null, 1, 1).Squeeze(0);
        Assert.That(single.ShapeArray, Is.EqualTo(new[] { 3, 6, 5 }));
        Assert.That(single.ToArray(), Is.EqualTo(batched.ToArray()));
    }

    private static (Tensor<float> Y, float[][] Grads) Run(
        Tensor<float> x, Tensor<float> weight, Tensor<float>? bias, Tensor<float> gy, Func<Tensor<float>, Tensor<float>, Tensor<float>?, Tensor<float>> op)
    {
        var xs = x.Detach();
        var ws = weight.Detach();
        var bs = bias?.Detach();
        xs.RequiresGrad = true;
        ws.RequiresGrad = true;
        if (bs is not null)
        {
            bs.RequiresGrad = true;
        }

        var y = op(xs, ws, bs);
        y.Backward(gy);
        float[][] grads = bs is null ? [xs.Grad!.ToArray(), ws.Grad!.ToArray()] : [xs.Grad!.ToArray(), ws.Grad!.ToArray(), bs.Grad!.ToArray()];
        return (y.Detach(), grads);
    }
}
