using NUnit.Framework;
using Research.Tensors.Autograd;

namespace Research.Tensors.Tests.Autograd;

[TestFixture]
public sealed class CustomOpUninitializedTests
{
    [Test]
    public void GivesFreshContiguousLeafOfTheShape()
    {
        var t = CustomOp.Uninitialized<float>(3, 70000);
        Assert.That(t.Shape, Is.EqualTo(new[] { 3, 70000 }));
        Assert.That(t.IsContiguous, Is.True);
        Assert.That(t.IsLeaf, Is.True);
        Assert.That(t.RequiresGrad, Is.False);
        CustomOp.Data(t).Fill(2f);
        var u = CustomOp.Uninitialized<float>(3, 70000);
        Assert.That(CustomOp.Segment(u).Array, Is.Not.SameAs(CustomOp.Segment(t).Array), "never aliases a live tensor");
        Assert.That(CustomOp.Uninitialized<double>(0, 4).ElementCount, Is.EqualTo(0));
    }

    [Test]
    public void NegativeSizeThrows()
    {
        var ex = Assert.Throws<ArgumentException>(() => CustomOp.Uninitialized<float>(2, -1));
        Assert.That(ex!.Message, Does.Contain("CustomOp.Uninitialized").And.Contain("[2, -1]"));
    }
}
