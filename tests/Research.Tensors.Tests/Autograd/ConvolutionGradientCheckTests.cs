using NUnit.Framework;
using Research.Tensors.Nn;
using static Research.Tensors.Tests.Autograd.GradCheck;

namespace Research.Tensors.Tests.Autograd;

/// <summary>Float64 finite-difference checks (see <see cref="GradCheck"/>) of the convolution, pooling and batch-norm ops, every input.</summary>
public class ConvolutionGradientCheckTests
{
    [Test]
    public void Conv1d_Basic() => Check(x => Functional.Conv1d(x[0], x[1], x[2], 1, 1), Randn(1, 2, 3, 7), Randn(2, 4, 3, 3), Randn(3, 4));

    [Test]
    public void Conv1d_GroupsStrideDilation() =>
        Check(x => Functional.Conv1d(x[0], x[1], x[2], stride: 2, padding: 2, dilation: 2, groups: 2), Randn(1, 2, 4, 11), Randn(2, 6, 2, 3), Randn(3, 6));

    [Test]
    public void Conv1d_NoBias_NonContiguousInput() =>
        Check(x => Functional.Conv1d(x[0], x[1], null, 3), Randn(1, 2, 9, 3).Permute(0, 2, 1).Detach(), Randn(2, 2, 3, 2));

    [Test]
    public void Conv2d_Basic() => Check(x => Functional.Conv2d(x[0], x[1], x[2], 1, 1), Randn(1, 2, 3, 5, 4), Randn(2, 2, 3, 3, 3), Randn(3, 2));

    [Test]
    public void Conv2d_StrideDilationAsymmetric() =>
        Check(x => Functional.Conv2d(x[0], x[1], x[2], (2, 1), (1, 2), (2, 1)), Randn(1, 1, 2, 7, 6), Randn(2, 3, 2, 2, 3), Randn(3, 3));

    [Test]
    public void Conv2d_Groups() =>
        Check(x => Functional.Conv2d(x[0], x[1], x[2], 2, 1, 1, 2), Randn(1, 2, 4, 5, 5), Randn(2, 4, 2, 3, 3), Randn(3, 4));

    [Test]
    public void Conv2d_Depthwise_NonContiguousInput() =>
        Check(x => Functional.Conv2d(x[0], x[1], x[2], 1, 1, 1, 3), Randn(1, 1, 4, 5, 3).Permute(0, 3, 1, 2).Detach(), Randn(2, 3, 1, 3, 3), Randn(3, 3));

    [Test]
    public void Conv2d_SixteenOutputs_StrideDilation() =>
        Check(x => Functional.Conv2d(x[0], x[1], x[2], (2, 1), (1, 2), (1, 2)), Randn(1, 1, 2, 5, 6), Randn(2, 16, 2, 2, 3), Randn(3, 16));

    [Test]
    public void Conv2d_Pointwise() => Check(x => Functional.Conv2d(x[0], x[1], x[2]), Randn(1, 2, 3, 3, 4), Randn(2, 2, 3, 1, 1), Randn(3, 2));

    [Test]
    public void Conv3d_Stride1() =>
        Check(x => Functional.Conv3d(x[0], x[1], x[2], (1, 1, 1), (1, 0, 1), (2, 1, 1)), Randn(1, 1, 2, 3, 4, 4), Randn(2, 2, 2, 2, 2, 2), Randn(3, 2));

    [Test]
    public void Conv3d_Mixed() =>
        Check(x => Functional.Conv3d(x[0], x[1], x[2], (1, 2, 1), (1, 0, 1), (1, 1, 2), 2), Randn(1, 1, 2, 3, 5, 5), Randn(2, 4, 1, 2, 2, 2), Randn(3, 4));

    [Test]
    public void MaxPool2d_Overlapping() => Check(x => Functional.MaxPool2d(x[0], 3, 2, 1), Randn(1, 2, 2, 7, 6));

    [Test]
    public void MaxPool2d_NonContiguousInput() => Check(x => Functional.MaxPool2d(x[0], (2, 3), (1, 2), (1, 0)), Randn(1, 1, 5, 6, 2).Permute(0, 3, 1, 2).Detach());

    [TestCase(true)]
    [TestCase(false)]
    public void AvgPool2d(bool countIncludePad) => Check(x => Functional.AvgPool2d(x[0], (3, 2), (2, 1), (1, 1), countIncludePad), Randn(1, 2, 2, 7, 5));

    [Test]
    public void MaxPool3d() => Check(x => Functional.MaxPool3d(x[0], (2, 3, 3), (1, 2, 2), (1, 1, 0)), Randn(1, 1, 2, 3, 6, 7));

    [Test]
    public void BatchNorm_AllInputs() =>
        Check(x => Functional.BatchNorm(x[0], x[1], x[2], x[3], x[4]), Randn(1, 2, 3, 2, 2), Randn(2, 3), Positive(3, 3), Randn(4, 3), Randn(5, 3));
}
