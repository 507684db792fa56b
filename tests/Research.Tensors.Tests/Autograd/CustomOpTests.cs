using NUnit.Framework;
using Research.Tensors.Autograd;

namespace Research.Tensors.Tests.Autograd;

[TestFixture]
public sealed class CustomOpTests
{
    /// <summary>y = 3·x written through the public extension point; gradient 3·g.</summary>
    private static Tensor<double> Triple(Tensor<double> x)
    {
        var xc = x.Contiguous();
        var result = Tensor.Zeros<double>([.. x.Shape]);
        var src = CustomOp.Data(xc).ToArray();
        var dst = CustomOp.Segment(result);
        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = 3 * src[i];
        }

        return CustomOp.Record("Triple", result, [x], g => [g.Mul(Tensor.Full([1], 3.0))]);
    }

    [Test]
    public void CustomOpRecordsBackward()
    {
        var x = Tensor.FromArray([1.0, -2, 0.5, 4], 2, 2);
        Assert.That(Triple(x).ToArray(), Is.EqualTo(new[] { 3.0, -6, 1.5, 12 }));
        GradCheck.Check(a => Triple(a[0]).Mul(a[0]), x);
        GradCheck.Check(a => Triple(a[0]), Tensor.FromArray([1.0, 2, 3, 4, 5, 6], 2, 3).Transpose(0, 1));
    }

    [Test]
    public void DataRejectsNonContiguousAndRecordRejectsGraphTensors()
    {
        var t = Tensor.FromArray([1.0, 2, 3, 4, 5, 6], 2, 3).Transpose(0, 1);
        Assert.Throws<ArgumentException>(() => CustomOp.Data(t));
        Assert.Throws<ArgumentException>(() => CustomOp.Segment(t));
        var leaf = Tensor.Zeros<double>(2);
        leaf.RequiresGrad = true;
        Assert.Throws<ArgumentException>(() => CustomOp.Record("X", leaf, [leaf], g => [g]));
    }
}
