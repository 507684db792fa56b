using NUnit.Framework;
using Research.Tensors.Nn;
using static Research.Tensors.Tests.Autograd.GradCheck;

namespace Research.Tensors.Tests.Autograd;

public class GradientCheckTests
{
    [Test]
    public void Add_Broadcasting() => Check(x => x[0].Add(x[1]), Randn(1, 3, 1, 4), Randn(2, 2, 4));

    [Test]
    public void Sub_Broadcasting() => Check(x => x[0].Sub(x[1]), Randn(1, 3, 4), Randn(2, 4));

    [Test]
    public void Mul_BroadcastingWithNonContiguousInput() => Check(x => x[0].Mul(x[1]), TransposedLeaf(1, 3, 4), Randn(2, 3, 1));

    [Test]
    public void Div_Broadcasting() => Check(x => x[0].Div(x[1]), Randn(1, 2, 3), Positive(2, 3));

    [Test]
    public void Pow_TensorExponent() => Check(x => x[0].Pow(x[1]), Positive(1, 2, 3), Randn(2, 2, 1));

    [Test]
    public void ScalarOps() => Check(x => (2.0 - (x[0] * 3.0)) / 4.0 + (1.0 / x[0]) + x[0].Pow(2.5), Positive(1, 5));

    [Test]
    public void Neg() => Check(x => -x[0], Randn(1, 4));

    [Test]
    public void Exp() => Check(x => x[0].Exp(), Randn(1, 2, 3));

    [Test]
    public void Log() => Check(x => x[0].Log(), Positive(1, 2, 3));

    [Test]
    public void Sqrt() => Check(x => x[0].Sqrt(), Positive(1, 7));

    [Test]
    public void Abs() => Check(x => x[0].Abs(), Randn(1, 7));

    [Test]
    public void Relu() => Check(x => x[0].Relu(), TransposedLeaf(3, 3, 5));

    [Test]
    public void LeakyRelu() => Check(x => x[0].LeakyRelu(0.1), Randn(3, 9));

    [Test]
    public void SinCos() => Check(x => x[0].Sin().Add(x[0].Cos().Mul(2.0)), Randn(1, 9));

    [Test]
    public void Sigmoid() => Check(x => x[0].Sigmoid(), Randn(1, 9));

    [Test]
    public void Tanh() => Check(x => x[0].Tanh(), TransposedLeaf(1, 2, 3));

    [Test]
    public void Softplus() => Check(x => x[0].Softplus(), Randn(1, 9).Mul(5.0).Detach());

    [Test]
    public void Clamp() => Check(x => x[0].Clamp(-0.5, 0.7), Randn(1, 9));

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(-1)]
    public void Softmax(int dim) => Check(x => x[0].Softmax(dim), Randn(1, 3, 4));

    [TestCase(0)]
    [TestCase(1)]
    public void LogSoftmax(int dim) => Check(x => x[0].LogSoftmax(dim), TransposedLeaf(1, 3, 4));

    [Test]
    public void Sum_Axes() => Check(x => x[0].Sum([0, 2], keepDim: true).Add(x[0].Sum(1, keepDim: true)), Randn(1, 2, 3, 4));

    [Test]
    public void Sum_All() => Check(x => x[0].Sum(), TransposedLeaf(1, 2, 3));

    [Test]
    public void Mean_Axes() => Check(x => x[0].Mean(1).Add(x[0].Mean()), Randn(1, 2, 3, 4));

    [Test]
    public void Max_Axes() => Check(x => x[0].Max(1, keepDim: true).Mul(x[0].Max([0, 2], keepDim: true)).Add(x[0].Max()), Randn(1, 2, 3, 4));

    [Test]
    public void Matmul_2D() => Check(x => x[0].Matmul(x[1]), Randn(1, 3, 4), Randn(2, 4, 5));

    [Test]
    public void Matmul_TransposedViews() => Check(x => x[0].Matmul(x[1]), TransposedLeaf(1, 3, 4), TransposedLeaf(2, 4, 2));

    [Test]
    public void Matmul_Batched() => Check(x => x[0].Matmul(x[1]), Randn(1, 2, 3, 4), Randn(2, 2, 4, 5));

    [Test]
    public void Matmul_BatchedTimesShared() => Check(x => x[0].Matmul(x[1]), Randn(1, 2, 3, 4), Randn(2, 4, 5));

    [Test]
    public void Linear_WithBias() => Check(x => Functional.Linear(x[0], x[1], x[2]), Randn(1, 2, 3, 4), Randn(2, 5, 4), Randn(3, 5));

    [Test]
    public void Linear_WithoutBias() => Check(x => Functional.Linear(x[0], x[1]), Randn(1, 3, 4), Randn(2, 5, 4));

    [Test]
    public void Views_ReshapePermuteSliceExpand() =>
        Check(x => x[0].Permute(2, 0, 1).Reshape(4, 6).Slice(1, 1, 6, 2).Unsqueeze(0).Expand(2, 4, 3).Mul(x[1]), Randn(1, 2, 3, 4), Randn(2, 4, 3));

    [Test]
    public void ConcatStackSplit() => Check(
        x =>
        {
            var parts = Tensor.Concat([x[0], x[1]], 1).Split([1, 4], 1);
            return Tensor.Stack([parts[0].Mul(2.0), parts[1].Narrow(1, 1, 1)], 0);
        },
        Randn(1, 2, 2),
        TransposedLeaf(2, 2, 3));

    [Test]
    public void Losses() => Check(x => Functional.L1Loss(x[0], x[1]).Add(Functional.MseLoss(x[0], x[1])), Randn(1, 3, 4), Randn(2, 3, 4));
}
