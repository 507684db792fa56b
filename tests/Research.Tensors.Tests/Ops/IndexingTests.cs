using NUnit.Framework;
using Research.Tensors.Randomness;
using static Research.Tensors.Tests.Autograd.GradCheck;

namespace Research.Tensors.Tests.Ops;

/// <summary>IndexSelect, Gather and ScatterAdd against naive coordinate loops (exact: they only copy and add in the same order).</summary>
public class IndexingTests
{
    [Test]
    public void IndexTensor_FactoriesAndShape()
    {
        var a = IndexTensor.From(3, 1, 2);
        Assert.That(a.Shape, Is.EqualTo(new[] { 3 }));
        Assert.That(a.ToArray(), Is.EqualTo(new[] { 3, 1, 2 }));
        var b = IndexTensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.That(b.Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(b[4], Is.EqualTo(5));
        Assert.That(b.Reshape(3, 2).Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.Throws<ArgumentException>(() => IndexTensor.FromArray([1, 2, 3], 2, 2));
    }

    [TestCase(new[] { 7 }, 0)]
    [TestCase(new[] { 3, 5 }, 0)]
    [TestCase(new[] { 3, 5 }, 1)]
    [TestCase(new[] { 2, 1, 33 }, 2)]
    [TestCase(new[] { 4, 3, 5 }, 1)]
    [TestCase(new[] { 1, 1, 1 }, 1)]
    public void IndexSelect_MatchesNaiveLoop_ContiguousAndPermuted(int[] shape, int dim)
    {
        var rng = new Rng(5);
        foreach (var x in Inputs(shape))
        {
            var index = RandomIndex(rng, x.Shape[dim], [shape[dim] + 3]);
            var actual = x.IndexSelect(dim, index);
            var expectedShape = x.Shape.ToArray();
            expectedShape[dim] = index.ElementCount;
            Assert.That(actual.Shape, Is.EqualTo(expectedShape));
            var xs = x.ToArray();
            var xShape = x.Shape.ToArray();
            var expected = new float[actual.ElementCount];
            for (var i = 0; i < expected.Length; i++)
            {
                var coord = Coords(i, expectedShape);
                coord[dim] = index[coord[dim]];
                expected[i] = xs[Linear(coord, xShape)];
            }

            Assert.That(actual.ToArray(), Is.EqualTo(expected));
        }
    }

    [TestCase(new[] { 4, 5 }, new[] { 6, 5 }, 0)]
    [TestCase(new[] { 4, 5 }, new[] { 3, 2 }, 1)]
    [TestCase(new[] { 3, 4, 5 }, new[] { 2, 4, 3 }, 1)]
    [TestCase(new[] { 3, 4, 5 }, new[] { 3, 4, 9 }, 2)]
    [TestCase(new[] { 1, 1 }, new[] { 1, 1 }, 0)]
    [TestCase(new[] { 3, 4, 5 }, new[] { 0, 4, 5 }, 0)]
    public void Gather_MatchesNaiveLoop_ContiguousAndPermuted(int[] shape, int[] indexShape, int dim)
    {
        var rng = new Rng(6);
        foreach (var x in Inputs(shape))
        {
            var index = RandomIndex(rng, shape[dim], indexShape);
            var actual = x.Gather(dim, index);
            Assert.That(actual.Shape, Is.EqualTo(indexShape));
            var xs = x.ToArray();
            var expected = new float[index.ElementCount];
            for (var i = 0; i < expected.Length; i++)
            {
                var coord = Coords(i, indexShape);
                coord[dim] = index[i];
                expected[i] = xs[Linear(coord, shape)];
            }

            Assert.That(actual.ToArray(), Is.EqualTo(expected));
        }
    }

    [TestCase(new[] { 4, 5 }, new[] { 6, 5 }, new[] { 6, 5 }, 0)]
    [TestCase(new[] { 4, 5 }, new[] { 3, 2 }, new[] { 5, 7 }, 1)]
    [TestCase(new[] { 3, 4, 5 }, new[] { 2, 4, 3 }, new[] { 2, 4, 3 }, 1)]
    [TestCase(new[] { 3, 4, 5 }, new[] { 3, 4, 9 }, new[] { 3, 5, 11 }, 2)]
    [TestCase(new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, 0)]
    public void ScatterAdd_MatchesNaiveLoop_ContiguousAndPermuted(int[] shape, int[] indexShape, int[] sourceShape, int dim)
    {
        var rng = new Rng(7);
        var sources = Inputs(sourceShape).ToList();
        var k = 0;
        foreach (var x in Inputs(shape))
        {
            var src = sources[k++ % sources.Count];
            var index = RandomIndex(rng, shape[dim], indexShape);
            var before = x.ToArray();
            var actual = x.ScatterAdd(dim, index, src);
            Assert.That(actual.Shape, Is.EqualTo(shape));
            var expected = x.ToArray();
            var ss = src.ToArray();
            for (var i = 0; i < index.ElementCount; i++)
            {
                var coord = Coords(i, indexShape);
                var from = Linear(coord, sourceShape);
                coord[dim] = index[i];
                expected[Linear(coord, shape)] += ss[from];
            }

            Assert.That(actual.ToArray(), Is.EqualTo(expected));
            Assert.That(x.ToArray(), Is.EqualTo(before), "input must not be modified in place");
        }
    }

    [Test]
    public void IndexSelect_DuplicateIndicesSumGradients()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 3, 2);
        x.RequiresGrad = true;
        x.IndexSelect(0, IndexTensor.From(2, 0, 2, 2)).Sum().Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 1f, 1f, 0f, 0f, 3f, 3f }));
    }

    [Test]
    public void ScatterAdd_KnownValues()
    {
        // PyTorch docs style: dim 0, out[index[i][j]][j] += src[i][j].
        var self = Tensor.Zeros<float>(3, 2);
        var src = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var result = self.ScatterAdd(0, IndexTensor.FromArray([2, 0, 2, 2], 2, 2), src);
        Assert.That(result.ToArray(), Is.EqualTo(new[] { 0f, 2f, 0f, 0f, 4f, 4f }));
    }

    [Test]
    public void GradCheck_IndexSelect() =>
        Check(x => x[0].IndexSelect(1, IndexTensor.From(2, 0, 2, 1)), TransposedLeaf(1, 3, 4));

    [Test]
    public void GradCheck_Gather() =>
        Check(x => x[0].Gather(1, IndexTensor.FromArray([0, 3, 3, 1, 2, 2, 0, 0], 2, 4)), TransposedLeaf(2, 3, 4));

    [Test]
    public void GradCheck_ScatterAdd_BothInputs() =>
        Check(x => x[0].ScatterAdd(0, IndexTensor.FromArray([2, 0, 2, 1, 1, 2], 3, 2), x[1]), TransposedLeaf(3, 3, 4), Randn(4, 4, 3));

    [Test]
    public void OutOfRangeIndex_NamesOpValueDimAndSize()
    {
        var x = Tensor.Zeros<float>(3, 5);
        var e = Assert.Throws<ArgumentException>(() => x.Gather(1, IndexTensor.FromArray([0, 5], 1, 2)));
        Assert.That(e!.Message, Does.Contain("Gather").And.Contain("index 5").And.Contain("dimension 1").And.Contain("size 5"));
        e = Assert.Throws<ArgumentException>(() => x.IndexSelect(0, IndexTensor.From(-1)));
        Assert.That(e!.Message, Does.Contain("IndexSelect").And.Contain("index -1").And.Contain("dimension 0").And.Contain("size 3"));
        e = Assert.Throws<ArgumentException>(() => x.ScatterAdd(0, IndexTensor.FromArray([3], 1, 1), Tensor.Zeros<float>(1, 1)));
        Assert.That(e!.Message, Does.Contain("ScatterAdd").And.Contain("index 3").And.Contain("size 3"));
    }

    [Test]
    public void BadShapes_NameOpAndShapes()
    {
        var x = Tensor.Zeros<float>(3, 5);
        var e = Assert.Throws<ArgumentException>(() => x.Gather(0, IndexTensor.FromArray([0, 1, 2, 0, 1, 2], 1, 6)));
        Assert.That(e!.Message, Does.Contain("Gather").And.Contain("[1, 6]").And.Contain("[3, 5]"));
        e = Assert.Throws<ArgumentException>(() => x.Gather(0, IndexTensor.From(0)));
        Assert.That(e!.Message, Does.Contain("Gather").And.Contain("[1]"));
        e = Assert.Throws<ArgumentException>(() => x.ScatterAdd(0, IndexTensor.FromArray([0, 0], 1, 2), Tensor.Zeros<float>(1, 1)));
        Assert.That(e!.Message, Does.Contain("ScatterAdd").And.Contain("source [1, 1]"));
        e = Assert.Throws<ArgumentException>(() => x.IndexSelect(0, IndexTensor.FromArray([0, 0], 1, 2)));
        Assert.That(e!.Message, Does.Contain("IndexSelect").And.Contain("1-D"));
    }

    /// <summary>A contiguous random tensor and the same values behind a reversed-axis permuted view.</summary>
    private static IEnumerable<Tensor<float>> Inputs(int[] shape)
    {
        var c = Tensor.Randn<float>(new Rng(11), shape);
        yield return c;
        var reversed = shape.Reverse().ToArray();
        var order = Enumerable.Range(0, shape.Length).Reverse().ToArray();
        var p = Tensor.Randn<float>(new Rng(12), reversed).Permute(order);
        if (shape.Count(s => s > 1) > 1)
        {
            Assert.That(p.IsContiguous, Is.False);
        }

        yield return p;
    }

    private static IndexTensor RandomIndex(Rng rng, int size, int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        var data = new int[n];
        for (var i = 0; i < n; i++)
        {
            data[i] = (int)(rng.NextUInt64() % (ulong)size);
        }

        return IndexTensor.FromArray(data, shape);
    }

    private static int[] Coords(int linear, int[] shape)
    {
        var c = new int[shape.Length];
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            c[d] = linear % shape[d];
            linear /= shape[d];
        }

        return c;
    }

    private static int Linear(int[] coord, int[] shape)
    {
        var l = 0;
        for (var d = 0; d < shape.Length; d++)
        {
            l = (l * shape[d]) + coord[d];
        }

        return l;
    }
}
